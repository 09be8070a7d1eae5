"""Scene parameters: the one documented place for what a user may change without editing code.

Each parameter is read from an environment variable `LESSON_<NAME>` (`LESSON_BASE=3`),
which is what `render.sh --set base=3` sets. Values are checked before anything is drawn;
a bad one is a `ParameterError` whose message names the variable, the rule and an example.
"""

import math
import os
from dataclasses import dataclass
from typing import Any, Callable

from . import maths


class ParameterError(ValueError):
    """A scene parameter that is unknown or out of its allowed range."""


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    parse: Callable[[str], Any]
    check: Callable[[Any], None]
    help: str
    example: str

    @property
    def variable(self) -> str:
        return f"LESSON_{self.name.upper()}"

    @property
    def default_text(self) -> str:
        """The default as a user writes it: 2, 0.8, on."""
        return f"{self.default:g}" if isinstance(self.default, (int, float)) else str(self.default)


def _number(text: str) -> float:
    """A float, where `e` means Euler's number, so `base=e` reads as a user would write it."""
    if text.strip().lower() == "e":
        return math.e
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"must be a whole number, got {text!r}") from None


def _within(low, high, what: str = "") -> Callable[[Any], None]:
    def check(value):
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}{what}, got {value:g}")
    return check


def _base_within(low, high) -> Callable[[float], None]:
    def check(value):
        maths.check_base(value)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} so the curves fit the axes, got {value:g}")
    return check


PACE = Param("pace", 1.0, _number, _within(0.25, 4.0),
             "run-time scale: 2 plays every beat twice as slowly", "1.5")


def _switch(text: str) -> str:
    value = text.strip().lower()
    if value not in ("on", "off"):
        raise ValueError(f"must be on or off, got {text!r}")
    return value


VOICE = Param("voice", "on", _switch, lambda value: None,
              "narration: on (spoken in the clip's language, paced by the voice) or off (silent)", "off")

SCENE_PARAMS: dict[str, tuple[Param, ...]] = {
    "exponent": (
        Param("base", 2, _integer, _base_within(2, 5),
              "the base b multiplied again and again (b·b·b = b^3)", "3"),
        PACE,
        VOICE,
    ),
    "inverse": (
        Param("base", 2.0, _number, _base_within(1.1, 10.0),
              "the base a of a^x and log_a x that the scene starts from (e allowed)", "3"),
        Param("point", 1.0, _number, _within(-2.0, 1.5),
              "the exponent p of the marked point (p, a^p) and its mirror (a^p, p)", "0.5"),
        PACE,
        VOICE,
    ),
    "tangent": (
        Param("base", 2.0, _number, _base_within(1.1, 10.0),
              "the base a of log_a x whose slope is shown (e allowed)", "e"),
        Param("x0", 1.5, _number, _within(0.5, 6.0),
              "where the secant and tangent touch the curve", "2"),
        PACE,
        VOICE,
    ),
    "cross_entropy": (
        Param("lr", 0.8, _number, _within(0.001, 10.0),
              "learning rate of the gradient descent", "0.3"),
        Param("steps", 30, _integer, _within(1, 200),
              "gradient-descent steps shown", "50"),
        Param("seed", 0, _integer, _within(0, 2**32 - 1),
              "seed of the generator that makes the data points", "7"),
        PACE,
        VOICE,
    ),
}


def scene_names() -> tuple[str, ...]:
    """The lesson's scenes, in lesson order."""
    return tuple(SCENE_PARAMS)


def specs(scene: str) -> tuple[Param, ...]:
    if scene not in SCENE_PARAMS:
        raise ParameterError(f"unknown scene {scene!r}: use one of {', '.join(SCENE_PARAMS)}")
    return SCENE_PARAMS[scene]


def parse(scene: str, raw: dict[str, str]) -> dict[str, Any]:
    """Defaults overlaid with `raw` (name → text), every value parsed and checked."""
    known = {p.name: p for p in specs(scene)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ParameterError(
            f"scene {scene!r} has no parameter {unknown[0]!r}: its parameters are {', '.join(known)}"
        )
    values = {}
    for name, param in known.items():
        if name not in raw:
            values[name] = param.default
            continue
        try:
            value = param.parse(raw[name])
            param.check(value)
        except ValueError as err:
            reason = str(err)
            if reason.startswith("must"):
                reason = f"{param.name} {reason}"
            raise ParameterError(
                f"{param.variable}={raw[name]}: {reason} (e.g. {param.variable}={param.example})"
            ) from None
        values[name] = value
    return values


def validated(scene: str, **values: Any) -> dict[str, Any]:
    """Defaults overlaid with Python values (for tests and code), checked like text input."""
    return parse(scene, {name: str(value) for name, value in values.items()})


def from_environment(scene: str, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The parameters of `scene` set by LESSON_<NAME> variables, checked."""
    environ = os.environ if environ is None else environ
    raw = {p.name: environ[p.variable] for p in specs(scene) if environ.get(p.variable, "") != ""}
    return parse(scene, raw)
