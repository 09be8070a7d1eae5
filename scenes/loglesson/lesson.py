"""The lesson's registry: its scenes in lesson order, their titles, parameters and cross-field checks.

This is the one place that says what the lesson is made of. The render CLI, the pipeline, the
page and the scenes all read it; none of it imports Manim, so `render.sh` can check every
setting (each parameter alone, then the checks across parameters) before any clip renders.

Adding a scene touches this table, its file `scenes/<name>.py` (one `LessonScene` whose
`scene_name` is `<name>`) and its words `assets/text/<lang>/<name>.toml`; tests find it here.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import maths, text
from .params import PACE, VOICE, Param, base_within, integer, number, within

# A cross-field check reads every parsed value of a scene and returns why they do not go
# together (one line naming the LESSON_ variables and a fix), or None when they do.
Check = Callable[[Mapping[str, Any]], "str | None"]


@dataclass(frozen=True)
class SceneSpec:
    """One scene of the lesson: its name (file, words and parameter key) and what it may be given."""

    name: str
    params: tuple[Param, ...]
    checks: tuple[Check, ...] = ()

    @property
    def title_key(self) -> str:
        """The key of its title in the words (`<name>.title`), shown on screen and as a chapter."""
        return f"{self.name}.title"


# --- the inverse scene: its axes, and the point that must stay on them ----------------------

# Both axes of the inverse scene run over this range (in axis units): the scene draws them so
# and the check below keeps the marked point (p, a^p) on them.
INVERSE_AXES = (-2, 10)


def point_fits_the_axes(values: Mapping[str, Any]) -> str | None:
    """Why the marked point (p, a^p) would leave the inverse scene's axes, or None."""
    a, p = values["base"], values["point"]
    top = INVERSE_AXES[1]
    highest = maths.log_base(top, a)
    if p <= highest:
        return None
    return (
        f"LESSON_POINT={p:g} with LESSON_BASE={a:g}: the point (p, a^p) = ({p:g}, {maths.power(a, p):.3g}) "
        f"would leave the axes, which end at {top}; use a point <= {math.floor(highest * 100) / 100:g} "
        "for this base (e.g. LESSON_POINT=0.5)"
    )


# --- the lesson, in order ------------------------------------------------------------------

EVERY_SCENE = (PACE, VOICE)   # the parameters every clip has

SCENES: tuple[SceneSpec, ...] = (
    SceneSpec("exponent", (
        Param("base", 2, integer, base_within(2, 5),
              "the base b multiplied again and again (b·b·b = b^3)", "3"),
        *EVERY_SCENE,
    )),
    SceneSpec("inverse", (
        Param("base", 2.0, number, base_within(1.1, 10.0),
              "the base a of a^x and log_a x that the scene starts from (e allowed)", "3"),
        Param("point", 1.0, number, within(-2.0, 1.5),
              "the exponent p of the marked point (p, a^p) and its mirror (a^p, p)", "0.5"),
        *EVERY_SCENE,
    ), checks=(point_fits_the_axes,)),
    SceneSpec("tangent", (
        Param("base", 2.0, number, base_within(1.1, 10.0),
              "the base a of log_a x whose slope is shown (e allowed)", "e"),
        Param("x0", 1.5, number, within(0.5, 6.0),
              "where the secant and tangent touch the curve", "2"),
        *EVERY_SCENE,
    )),
    SceneSpec("cross_entropy", (
        Param("lr", 0.8, number, within(0.001, 10.0),
              "learning rate of the gradient descent", "0.3"),
        Param("steps", 30, integer, within(1, 200),
              "gradient-descent steps shown", "50"),
        Param("seed", 0, integer, within(0, 2**32 - 1),
              "seed of the generator that makes the data points", "7"),
        *EVERY_SCENE,
    )),
)

_BY_NAME = {spec.name: spec for spec in SCENES}


def scene_names() -> tuple[str, ...]:
    """The lesson's scenes, in lesson order."""
    return tuple(_BY_NAME)


def scene(name: str) -> SceneSpec:
    """The registry entry of one scene; an unknown name is a ParameterError listing the scenes."""
    from .params import ParameterError

    if name not in _BY_NAME:
        raise ParameterError(f"unknown scene {name!r}: use one of {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def specs(name: str) -> tuple[Param, ...]:
    """The parameters of one scene, in the order `--help` lists them."""
    return scene(name).params


def title(name: str, lang: str) -> str | None:
    """The scene's title on one line (a chapter, a heading), or None when its words have none.

    A title broken over lines for the screen is one line here; Japanese runs on without a space.
    """
    words = text.table(lang)
    key = scene(name).title_key
    if key not in words:
        return None
    value = words[key]
    lines = value.splitlines() if isinstance(value, str) else value
    joiner = "" if lang == "ja" else " "
    return joiner.join(line.strip() for line in lines)
