"""The numbers behind the lesson: logarithms, their slopes, and cross-entropy descent (numpy only).

Every function works elementwise on floats and numpy arrays: a scalar in gives a Python
float out, an array in gives an array out. Inputs are checked once, at the edge, and a bad
one raises `ValueError` with a message that says what is allowed; the private `_` cores
compute without checks so the descent loops do not re-validate every step.

>>> import math
>>> log_base(8, 2), power(2, 3)
(3.0, 8.0)
"""

import math
import operator
from dataclasses import dataclass

import numpy as np

# log(0) is -inf, so the cross-entropy clips probabilities y to [EPS, 1 - EPS]: the largest
# loss a single term can contribute is -log(EPS) ≈ 27.6. The clip is applied to each log's
# argument (y and 1 - y held at >= EPS), because 1 - (1 - EPS) is not EPS in floating point.
EPS = 1e-12


# --- validation -------------------------------------------------------------------------

def _show(value) -> str:
    """A value as a user would write it: `1`, `-2`, `1.5`, but `1.0000001` in full."""
    value = float(value)
    short = f"{value:g}"
    return short if float(short) == value or math.isnan(value) else repr(value)


def _first(values: np.ndarray, bad: np.ndarray) -> float:
    """The first offending value of an array, in reading order."""
    return np.asarray(values)[np.asarray(bad)].flat[0] if np.ndim(values) else float(values)


def _floats(values, name: str) -> np.ndarray:
    """`values` as a float array, refusing what is not a number and NaN."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be real numbers, got {values!r}") from None
    if np.isnan(array).any():
        raise ValueError(f"{name} must be a number, got nan")
    return array


def _out(array):
    """A Python float for a 0-d result, the array itself otherwise."""
    return float(array) if np.ndim(array) == 0 else array


def check_base(a):
    """Refuse a logarithm base that is not positive, is 1, infinite or NaN; return it as floats.

    >>> check_base(2)
    2.0
    >>> check_base(1)
    Traceback (most recent call last):
    ...
    ValueError: base a must be positive and not 1, got 1
    """
    a = _floats(a, "base a")
    bad = ~((a > 0) & (a != 1))
    if bad.any():
        raise ValueError(f"base a must be positive and not 1, got {_show(_first(a, bad))}")
    if np.isinf(a).any():
        raise ValueError("base a must be a finite number, positive and not 1, got inf")
    return _out(a)


def check_positive(x, name: str = "x", why: str = "for a logarithm"):
    """Refuse values that are not > 0 (or NaN); return them as floats.

    >>> check_positive(-2)
    Traceback (most recent call last):
    ...
    ValueError: x must be > 0 for a logarithm, got -2
    """
    x = _floats(x, name)
    bad = ~(x > 0)
    if bad.any():
        reason = f" {why}" if why else ""
        raise ValueError(f"{name} must be > 0{reason}, got {_show(_first(x, bad))}")
    return _out(x)


def check_probabilities(y, name: str = "y", kind: str = "probabilities"):
    """Refuse values outside [0, 1] (or NaN); return them as floats.

    >>> check_probabilities([0.2, 1.5])
    Traceback (most recent call last):
    ...
    ValueError: probabilities y must lie in [0, 1], got 1.5
    """
    y = _floats(y, f"{kind} {name}")
    bad = ~((y >= 0) & (y <= 1))
    if bad.any():
        raise ValueError(f"{kind} {name} must lie in [0, 1], got {_show(_first(y, bad))}")
    return _out(y)


def check_same_shape(t, y, names=("targets t", "predictions y")) -> None:
    """Refuse targets and predictions whose shapes differ.

    >>> check_same_shape(np.zeros(3), np.zeros(4))
    Traceback (most recent call last):
    ...
    ValueError: targets t have shape (3,) but predictions y have shape (4,); they must match
    """
    t_shape, y_shape = np.shape(t), np.shape(y)
    if t_shape != y_shape:
        raise ValueError(f"{names[0]} have shape {t_shape} but {names[1]} have shape {y_shape}; "
                         "they must match")


def _check_step(h):
    h = _floats(h, "step h")
    bad = ~((h != 0) & np.isfinite(h))
    if bad.any():
        raise ValueError(f"step h must be a finite number other than 0, got {_show(_first(h, bad))}")
    return _out(h)


def _check_rate(lr) -> float:
    lr = _floats(lr, "learning rate lr")
    if lr.ndim != 0:
        raise ValueError(f"learning rate lr must be a single number, got shape {lr.shape}")
    if not (0 < lr < math.inf):
        raise ValueError(f"learning rate lr must be > 0 and finite, got {_show(lr)}")
    return float(lr)


def _check_whole(value, name: str, minimum: int, why: str = "") -> int:
    """A whole number >= minimum (bools and floats such as 2.5 or 3.0 are refused)."""
    try:
        if isinstance(value, bool):
            raise TypeError
        whole = operator.index(value)
    except TypeError:
        whole = None
    if whole is None or whole < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}{why}, got {value!r}")
    return whole


def _check_finite(values, name: str) -> np.ndarray:
    values = _floats(values, name)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(f"{name} must be finite numbers, got {_show(_first(values, bad))}")
    return values


def _check_pair(t, y, y_name: str = "predictions y", probabilities: bool = True):
    """Targets in [0, 1] and predictions (or logits) of the same, non-empty shape, as floats."""
    check_same_shape(t, y, ("targets t", y_name))
    if np.size(y) == 0:
        raise ValueError(f"{y_name} must not be empty")
    t = np.asarray(check_probabilities(t, "t", "targets"))
    y = np.asarray(check_probabilities(y, "y")) if probabilities else _floats(y, y_name)
    return t, y


def _check_class_axis(y, name: str) -> None:
    if np.ndim(y) == 0:
        raise ValueError(f"{name} must have a class axis (shape (K,) or (N, K)), got a single number")


def _check_target_rows_sum_to_one(t: np.ndarray) -> None:
    sums = t.sum(axis=-1)
    bad = np.abs(sums - 1) > 1e-9
    if bad.any():
        raise ValueError("targets t must sum to 1 along the last axis (one-hot or soft labels), "
                         f"got a row summing to {_show(_first(sums, bad))}")


# --- logarithm, power and slopes ----------------------------------------------------------

def log_base(x, a):
    """log_a x, the exponent y with a^y = x; exact for powers of 2 and 10.

    Bases 2 and 10 use `log2`/`log10`, so `log_base(1000, 10)` is 3.0 and not the
    2.9999999999999996 that ln 1000 / ln 10 gives.

    >>> log_base(8, 2), log_base(1000, 10), log_base(1, 5)
    (3.0, 3.0, 0.0)
    """
    a = np.asarray(check_base(a))
    x = np.asarray(check_positive(x, "x"))
    natural = np.log(x) / np.log(a)
    return _out(np.where(a == 2, np.log2(x), np.where(a == 10, np.log10(x), natural)))


def power(a, y):
    """a^y for a base a > 0, a != 1 (the inverse of log_a); overflows to inf as numpy does.

    >>> power(2, 3), power(10, -2)
    (8.0, 0.01)
    """
    a = np.asarray(check_base(a))
    y = _floats(y, "exponent y")
    return _out(np.power(a, y))


def log_derivative(x, a):
    """Slope of y = log_a x at x: 1 / (x ln a).

    >>> round(log_derivative(2.0, math.e), 12)
    0.5
    """
    a = np.asarray(check_base(a))
    x = np.asarray(check_positive(x, "x"))
    return _out(1.0 / (x * np.log(a)))


def numeric_derivative(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h), error O(h²); h may be negative, not 0.

    `h` is an absolute step: for x far from 1 pass one that scales with x (e.g. 1e-5 * x).

    >>> round(numeric_derivative(lambda t: t ** 2, 3.0), 8)
    6.0
    """
    x = _out(_floats(x, "x"))
    h = _check_step(h)
    return _out(np.asarray((f(x + h) - f(x - h)) / (2 * h), dtype=float))


def secant_slope(f, x, h):
    """Slope of the secant through (x, f(x)) and (x + h, f(x + h)): (f(x + h) - f(x)) / h.

    >>> secant_slope(lambda t: t ** 2, 1.0, 0.5)
    2.5
    """
    x = _out(_floats(x, "x"))
    h = _check_step(h)
    return _out(np.asarray((f(x + h) - f(x)) / h, dtype=float))


def tangent_line(x0, a):
    """(slope, intercept) of the tangent to y = log_a x at x0: slope 1/(x0 ln a), through (x0, log_a x0).

    >>> slope, intercept = tangent_line(1.0, math.e)
    >>> slope, intercept
    (1.0, -1.0)
    """
    a = np.asarray(check_base(a))
    x0 = np.asarray(check_positive(x0, "x0"))
    slope = 1.0 / (x0 * np.log(a))
    intercept = np.asarray(log_base(x0, a)) - slope * x0
    return _out(slope), _out(intercept)


def reflect_across_identity(points):
    """Mirror points across the line y = x: (x, y, *rest) becomes (y, x, *rest).

    Takes an (N, k) array with k >= 2 (e.g. Manim's 3-D points); returns a new array.

    >>> reflect_across_identity([[1.0, 2.0], [3.0, 8.0]]).tolist()
    [[2.0, 1.0], [8.0, 3.0]]
    """
    points = _floats(points, "points")
    if points.ndim != 2 or points.shape[1] < 2:
        raise ValueError(f"points must be an (N, k) array with k >= 2 columns, got shape {points.shape}")
    mirrored = points.copy()
    mirrored[:, [0, 1]] = points[:, [1, 0]]
    return mirrored


def samples(low: float, high: float, step: float) -> np.ndarray:
    """Where a curve from low to high is sampled: every step from low, then high itself
    (as Manim's plot samples its t_range).

    >>> samples(0.0, 1.0, 0.4).tolist()
    [0.0, 0.4, 0.8, 1.0]
    """
    return np.append(np.arange(low, high, step), high)


# --- sigmoid, softmax and cross-entropy -----------------------------------------------------

def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows; its underflow to 0 for |z| > ~745 is the right answer.
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z: np.ndarray) -> np.ndarray:
    # Subtracting the row maximum keeps exp() <= 1: no overflow at z = 1000.
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _floor(p: np.ndarray) -> np.ndarray:
    """A log's argument held at >= EPS: the clip of y to [EPS, 1 - EPS], one side at a time."""
    return np.maximum(p, EPS)


def _per_sample_bce(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    return -(t * np.log(_floor(y)) + (1 - t) * np.log(_floor(1 - y)))


def _bce(t: np.ndarray, y: np.ndarray) -> float:
    return float(_per_sample_bce(t, y).mean())


def _cross_entropy(t: np.ndarray, y: np.ndarray) -> float:
    samples = y.size // y.shape[-1]
    return float(-(t * np.log(_floor(y))).sum() / samples)


def sigmoid(z):
    """1 / (1 + e^-z), computed without overflow for any |z| (±1000 gives 1 and 0).

    >>> sigmoid(0.0), sigmoid(1000.0), sigmoid(-1000.0)
    (0.5, 1.0, 0.0)
    """
    return _out(_sigmoid(_floats(z, "logits z")))


def sigmoid_slope(z):
    """The slope of σ at z, written with y = σ(z): σ'(z) = y (1 - y).

    >>> round(sigmoid_slope(0.0), 12)
    0.25
    """
    z = _floats(z, "logits z")
    return _out(_sigmoid(z) * _sigmoid(-z))     # 1 - σ(z) = σ(-z), without cancelling where y is near 1


def softmax(z):
    """e^z_k / Σ_j e^z_j over the last axis, stable for large |z| (the row max is subtracted).

    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    """
    z = _check_finite(z, "logits z")
    _check_class_axis(z, "logits z")
    return _softmax(z)


def neg_log(y):
    """-log y, the loss of a sample whose true class got probability y; y clipped to >= EPS.

    Plot -log(1 - y) as `neg_log(1 - y)`. At y = 0 the value is -log(EPS) ≈ 27.6, not inf.

    >>> neg_log(1.0) < 1e-11, round(neg_log(math.exp(-2)), 12)
    (True, 2.0)
    """
    y = np.asarray(check_probabilities(y, "y"))
    return _out(-np.log(_floor(y)))


def neg_log_slope(y):
    """Slope of -log y at y: -1/y, with y clipped to >= EPS like `neg_log`.

    The slope of -log(1 - y) is `-neg_log_slope(1 - y)` = 1/(1 - y).

    >>> neg_log_slope(0.5)
    -2.0
    """
    y = np.asarray(check_probabilities(y, "y"))
    return _out(-1.0 / _floor(y))


def per_sample_bce(t, y):
    """Each sample's binary cross-entropy -[t log y + (1 - t) log(1 - y)]; y clipped to [EPS, 1 - EPS].

    >>> per_sample_bce([1.0, 0.0], [0.5, 0.5]).round(6).tolist()
    [0.693147, 0.693147]
    """
    t, y = _check_pair(t, y)
    return _out(_per_sample_bce(t, y))


def binary_cross_entropy(t, y):
    """Mean binary cross-entropy -(1/N) Σ [t log y + (1 - t) log(1 - y)] (formula (2)).

    t are targets in [0, 1] (usually 0/1), y predicted probabilities of class 1, same shape,
    N = number of elements. y is clipped to [EPS, 1 - EPS] so that y = 0 with t = 1 gives
    -log(EPS) ≈ 27.6 instead of inf.

    >>> round(binary_cross_entropy([1, 0], [0.5, 0.5]), 6)
    0.693147
    """
    t, y = _check_pair(t, y)
    return _bce(t, y)


def cross_entropy(t, y):
    """Mean cross-entropy -(1/N) Σ_i Σ_k t_ik log y_ik (formula (1)) over (N, K) arrays.

    t are one-hot or soft targets, y predicted class probabilities, one row per sample;
    a (K,) pair is one sample. y is clipped to [EPS, 1 - EPS] so a zero probability on the
    true class costs -log(EPS) ≈ 27.6 instead of inf.

    >>> round(cross_entropy([[0, 1, 0]], [[0.25, 0.5, 0.25]]), 6)
    0.693147
    """
    _check_class_axis(y, "predictions y")
    t, y = _check_pair(t, y)
    return _cross_entropy(t, y)


def bce_grad_y(t, y):
    """Gradient of the mean BCE with respect to each y_i: (-t/y + (1 - t)/(1 - y)) / N.

    y is clipped to [EPS, 1 - EPS] first, so the result stays finite at y = 0 and y = 1
    (there it is ∓1/(EPS N), the slope of the unclipped loss at the clip).

    >>> bce_grad_y([1.0, 0.0], [0.5, 0.5]).tolist()
    [-1.0, 1.0]
    """
    t, y = _check_pair(t, y)
    return _out((-t / _floor(y) + (1 - t) / _floor(1 - y)) / y.size)


def _bce_grad_logits(t: np.ndarray, z: np.ndarray) -> np.ndarray:
    return (_sigmoid(z) - t) / z.size


def bce_grad_logits(t, z):
    """Gradient of the mean BCE with respect to the logits z, where y = sigmoid(z): (y - t) / N.

    >>> bce_grad_logits([1.0, 0.0], [0.0, 0.0]).tolist()
    [-0.25, 0.25]
    """
    t, z = _check_pair(t, z, "logits z", probabilities=False)
    return _out(_bce_grad_logits(t, z))


def _ce_grad_logits(t: np.ndarray, z: np.ndarray) -> np.ndarray:
    return (_softmax(z) - t) / (z.size // z.shape[-1])


def ce_grad_logits(t, z):
    """Gradient of the mean cross-entropy with respect to logits z, y = softmax(z): (y - t) / N.

    Holds because each target row sums to 1 (one-hot or soft labels), which is checked.

    >>> ce_grad_logits([0.0, 1.0], [0.0, 0.0]).tolist()
    [0.5, -0.5]
    """
    _check_class_axis(z, "logits z")
    t, z = _check_pair(t, z, "logits z", probabilities=False)
    z = _check_finite(z, "logits z")
    _check_target_rows_sum_to_one(t)
    return _ce_grad_logits(t, z)


# --- gradient descent for the cross-entropy scene -------------------------------------------

@dataclass(frozen=True, eq=False)
class Descent:
    """Logistic regression y = sigmoid(w x + b) at steps 0..steps of gradient descent."""

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray


@dataclass(frozen=True, eq=False)
class SoftmaxDescent:
    """One sample's logits z, probabilities softmax(z) and cross-entropy at steps 0..steps."""

    z: np.ndarray
    probs: np.ndarray
    loss: np.ndarray


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


LABEL_TREND = 0.3      # least correlation of the targets with x that make_logistic_data keeps
LABEL_DRAWS = 100      # draws of the targets it tries before keeping the best-trending one


def make_logistic_data(n=8, seed=0):
    """(x, t): n sorted features in [-3, 3] and 0/1 targets, both classes, never separable.

    Targets are drawn with probability sigmoid(2x) from `np.random.default_rng(seed)`; if the
    draw happens to separate the classes, the two labels at the boundary are swapped, so the
    best loss stays above 0. A draw whose targets hardly rise with x (correlation below
    LABEL_TREND, about 3 % of seeds: labels like 0, 1, 0, 1, ...) is drawn again, so that the
    fitted curve has a clear slope and descent from w = b = 0 has somewhere to go; after
    LABEL_DRAWS tries (a few points leave no better choice) the best-trending draw is kept.

    >>> x, t = make_logistic_data(8, seed=0)
    >>> x.shape, sorted(set(t.tolist()))
    ((8,), [0.0, 1.0])
    """
    count = _check_whole(n, "n", 3, " so both classes can overlap")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3.0, 3.0, count))
    best, best_trend = None, -np.inf
    for _ in range(LABEL_DRAWS):
        t = _draw_targets(rng, x)
        trend = float(np.corrcoef(x, t)[0, 1])
        if trend >= LABEL_TREND:
            return x, t
        if trend > best_trend:
            best, best_trend = t, trend
    return x, best


def _draw_targets(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """0/1 targets with probability sigmoid(2x), both classes and never separable by x."""
    t = (rng.uniform(size=x.size) < _sigmoid(2.0 * x)).astype(float)
    t[0], t[-1] = 0.0, 1.0
    if np.all(np.diff(t) >= 0):
        first_one = int(np.argmax(t))
        t[first_one - 1], t[first_one] = 1.0, 0.0
    return t


def logistic_descent(x, t, lr=0.5, steps=40, w0=0.0, b0=0.0):
    """Full-batch gradient descent on the BCE of y = sigmoid(w x + b), every step recorded.

    Returns a `Descent` whose `w`, `b` and `loss` have length steps + 1 (index 0 is the
    start). The gradient is `bce_grad_logits` pulled back through z = w x + b. The loss
    never rises while lr <= 8 / (mean(x²) + 1), i.e. lr <= 0.8 for x in [-3, 3]
    (the loss's curvature is at most (mean(x²) + 1) / 4).

    >>> run = logistic_descent(*make_logistic_data(), steps=3)
    >>> len(run.w), round(float(run.loss[0]), 6)
    (4, 0.693147)
    """
    x = _check_finite(x, "features x")
    t = np.asarray(check_probabilities(t, "t", "targets"))
    check_same_shape(t, x, ("targets t", "features x"))
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"features x must be a non-empty 1-D array, got shape {x.shape}")
    lr, steps = _check_rate(lr), _check_whole(steps, "steps", 0)
    w, b = (float(_check_finite(v, name)) for v, name in ((w0, "w0"), (b0, "b0")))

    ws, bs, losses = np.empty(steps + 1), np.empty(steps + 1), np.empty(steps + 1)
    for step in range(steps + 1):
        z = w * x + b
        ws[step], bs[step], losses[step] = w, b, _bce(t, _sigmoid(z))
        grad_z = _bce_grad_logits(t, z)
        w, b = w - lr * float(grad_z @ x), b - lr * float(grad_z.sum())
    return Descent(_frozen(ws), _frozen(bs), _frozen(losses))


def softmax_descent(t_onehot, z0, lr=1.0, steps=20):
    """Gradient descent of one sample's cross-entropy directly on its logits z, every step recorded.

    t_onehot and z0 have shape (K,); t_onehot sums to 1. Returns a `SoftmaxDescent` with
    `z` and `probs` of shape (steps + 1, K) and `loss` of shape (steps + 1,). Each step adds
    lr (t - softmax(z)) to z, so the true class's probability grows and the loss falls.

    >>> run = softmax_descent([0.0, 1.0, 0.0], [1.0, 0.0, -1.0], steps=5)
    >>> run.probs.shape, bool(run.probs[-1, 1] > run.probs[0, 1])
    ((6, 3), True)
    """
    t, z = _check_pair(t_onehot, z0, "logits z0", probabilities=False)
    if z.ndim != 1:
        raise ValueError(f"logits z0 must be one sample of shape (K,), got shape {z.shape}")
    z = _check_finite(z, "logits z0")
    _check_target_rows_sum_to_one(t)
    lr, steps = _check_rate(lr), _check_whole(steps, "steps", 0)

    zs = np.empty((steps + 1, z.size))
    for step in range(steps + 1):
        zs[step] = z
        z = z - lr * _ce_grad_logits(t, z)
    probs = _softmax(zs)
    losses = -(t * np.log(_floor(probs))).sum(axis=-1)
    return SoftmaxDescent(_frozen(zs), _frozen(probs), _frozen(losses))


# --- showing probabilities --------------------------------------------------------------------

def rounded_to_sum(p, decimals: int = 2):
    """`p` rounded to `decimals` places so the rounded values add up to the rounded sum (1 for probabilities).

    Largest-remainder rounding: each value is cut down to the grid, and the units still
    missing go to the values that lost the most. Plain rounding can show 0.17 + 0.76 + 0.06 = 0.99.

    >>> rounded_to_sum([0.174, 0.763, 0.063]).tolist()
    [0.18, 0.76, 0.06]
    """
    p = _floats(p, "values p")
    decimals = _check_whole(decimals, "decimals", 0)
    scale = 10.0 ** decimals
    scaled = p * scale
    cut = np.floor(scaled)
    missing = int(round(float(scaled.sum()))) - int(cut.sum())
    order = np.argsort(-(scaled - cut).ravel(), kind="stable")
    units = cut.ravel()
    units[order[:missing]] += 1
    return _out(units.reshape(p.shape) / scale)
