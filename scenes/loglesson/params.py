"""Scene parameters: how a setting is read, parsed and checked.

Which scene has which parameters, and the checks across them, is the lesson's registry
(`loglesson.lesson`); this module is the machinery it uses. Each parameter is read from an
environment variable `LESSON_<NAME>` (`LESSON_BASE=3`), which is what `render.sh --set base=3`
sets. Values are checked before anything is drawn;
a bad one is a `ParameterError` whose message names the variable, the rule and an example.
"""

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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


def number(text: str) -> float:
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


def integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"must be a whole number, got {text!r}") from None


def within(low: float, high: float, what: str = "") -> Callable[[Any], None]:
    """A check that a value lies in [low, high]."""

    def check(value: Any) -> None:
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}{what}, got {value:g}")
    return check


def base_within(low: float, high: float) -> Callable[[Any], None]:
    """A check that a value is a logarithm's base (positive, not 1) in [low, high]."""

    def check(value: Any) -> None:
        maths.check_base(value)
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} so the curves fit the axes, got {value:g}")
    return check


PACE = Param("pace", 1.0, number, within(0.25, 4.0),
             "run-time scale: 2 plays every beat twice as slowly", "1.5")


def switch(text: str) -> str:
    """on or off."""
    value = text.strip().lower()
    if value not in ("on", "off"):
        raise ValueError(f"must be on or off, got {text!r}")
    return value


def anything(value: Any) -> None:
    """No check beyond parsing."""


VOICE = Param("voice", "on", switch, anything,
              "narration: on (spoken in the clip's language, paced by the voice) or off (silent)", "off")


def specs(scene: str) -> tuple[Param, ...]:
    """The parameters of `scene`, from the lesson's registry (loglesson.lesson)."""
    from . import lesson  # the registry builds its table from this module's Param

    return lesson.specs(scene)


def parse(scene: str, raw: dict[str, str]) -> dict[str, Any]:
    """Defaults overlaid with `raw` (name → text), every value parsed and checked, then the
    scene's cross-field checks run (loglesson.lesson). Any problem is one ParameterError line."""
    from . import lesson

    known = {p.name: p for p in specs(scene)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ParameterError(
            f"scene {scene!r} has no parameter {unknown[0]!r}: its parameters are {', '.join(known)}"
        )
    values: dict[str, Any] = {}
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
    for check in lesson.scene(scene).checks:  # the rules across parameters, once each is valid
        problem = check(values)
        if problem:
            raise ParameterError(problem)
    return values


def validated(scene: str, **values: Any) -> dict[str, Any]:
    """Defaults overlaid with Python values (for tests and code), checked like text input."""
    return parse(scene, {name: str(value) for name, value in values.items()})


def from_environment(scene: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The parameters of `scene` set by LESSON_<NAME> variables, checked."""
    environ = os.environ if environ is None else environ
    raw = {p.name: environ[p.variable] for p in specs(scene) if environ.get(p.variable, "") != ""}
    return parse(scene, raw)
