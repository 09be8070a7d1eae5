"""LessonScene: the base of every lesson clip (language, parameters, beats and captions).

A scene's `construct` names its beats; each beat starts with `self.beat("key")`, which
closes the previous beat's caption cue and opens the next. Captions are Manim's own
subcaptions (written as SRT next to the video), so they are timed to the animation.
"""

import sys
from typing import Any, Callable, ClassVar

from manim import Scene, Wait, config

from . import params as parameters
from . import theme
from .manim_internals import moving_and_still
from .text import TextError, Words


class LessonScene(Scene):
    """A lesson clip. Subclasses set `scene_name` (the key of their parameters and words)."""

    scene_name: ClassVar[str]

    def __init__(self, params: dict[str, Any] | None = None, lang: str | None = None, **kwargs):
        try:
            self.words = Words(lang)
            self.params = (
                parameters.validated(self.scene_name, **params)
                if params is not None
                else parameters.from_environment(self.scene_name)
            )
        except (parameters.ParameterError, TextError) as err:
            if params is not None or lang is not None:
                raise
            # Run from `manim` with a bad setting: one line and a non-zero exit, before any frame.
            sys.exit(f"loglesson: {err}")
        self.lang = self.words.lang
        self.pace = float(self.params["pace"])
        self.moment_observers: list[Callable[["LessonScene", str], None]] = []
        self._open_beat: tuple[str, float] | None = None
        self.beats: list[str] = []
        # Set per scene, not only at import: tempconfig blocks (tests, the CLI) restore config.
        config.background_color = theme.BACKGROUND
        super().__init__(**kwargs)

    # --- words -------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """This scene's text for `key` in the chosen language (`inverse.<key>` in assets)."""
        return self.words.format(f"{self.scene_name}.{key}", **values)

    # --- beats and captions ------------------------------------------------------------
    def beat(self, key: str) -> str:
        """Start the beat `key`: its caption (assets `beat.<key>`) runs until the next beat."""
        self._close_beat()
        text = self.t(f"beat.{key}")
        self._open_beat = (text, self.renderer.time)
        self.beats.append(key)
        return text

    def _close_beat(self) -> None:
        if self._open_beat is None:
            return
        text, start = self._open_beat
        duration = self.renderer.time - start
        if duration > 0:
            self.add_subcaption(text, duration=duration, offset=-duration)
        self._open_beat = None

    def tear_down(self):
        self._close_beat()
        super().tear_down()

    # --- pacing and observation ----------------------------------------------------------
    def play(self, *animations, run_time: float = 1.0, **kwargs):
        """Scene.play with the run time scaled by the `pace` parameter."""
        super().play(*animations, run_time=run_time * self.pace, **kwargs)
        self._notify("play")

    def wait(self, duration: float = 1.0, **kwargs):
        """Scene.wait scaled by `pace` (Manim's wait plays a Wait, so skip our play)."""
        Scene.play(self, Wait(run_time=duration * self.pace, **kwargs))
        self._notify("wait")

    def get_moving_and_static_mobjects(self, animations):
        """What is redrawn on every frame of an animation, and the still rest, drawn once.

        Finer than Manim's split: see manim_internals.moving_and_still, and mark_still and
        mark_moving there for how scene code says which is which.
        """
        return moving_and_still(self, animations)

    def _notify(self, kind: str) -> None:
        for observe in self.moment_observers:
            observe(self, kind)
