"""LessonScene: the base of every lesson clip (language, parameters, beats and captions).

A scene's `construct` names its beats; each beat starts with `self.beat("key")`, which
closes the previous beat's caption cue and opens the next. Captions are Manim's own
subcaptions (written as SRT next to the video), so they are timed to the animation.
"""

import sys
from typing import Any, Callable, ClassVar

from manim import AnimationGroup, Scene, Wait, config
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import list_update

from . import params as parameters
from . import theme
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

        Manim redraws everything drawn after the first moving mobject, and a group counts as
        moving when any one of its parts moves: the still words beside a live number were
        redrawn on every frame. Here only what comes after the first part that really moves
        (animated, or with an updater on it or on a group holding it) is redrawn; everything
        is still drawn in the same order, so the picture is the same. A moving mobject is
        handed over whole, so parts it gains during the animation (new digits) are drawn too.
        """
        on_screen = list_update(self.mobjects, self.foreground_mobjects)
        members = extract_mobject_family_members(on_screen, use_z_index=self.renderer.camera.use_z_index)
        movers = {mob for mob in members if mob.updaters or mob in self.foreground_mobjects}

        def animated(animations):
            for animation in animations:
                movers.update(animation.mobject.get_family())
                if isinstance(animation, AnimationGroup):
                    animated(animation.animations)

        animated(animations)
        moving = {part for mob in members if mob in movers for part in mob.get_family()}
        held = {part for mob in members if mob in moving for part in mob.get_family()[1:]}
        first = next((i for i, mob in enumerate(members) if mob in moving), len(members))
        # Manim draws a mobject with its parts, so a part drawn in the other pass would be
        # drawn twice (a still axis holding numbers that come later in drawing order): start
        # redrawing early enough that no drawn mobject has parts on both sides.
        position = {mob: i for i, mob in enumerate(members)}
        spans = []
        for i, mob in enumerate(members):
            if mob.has_points() and mob not in moving:
                family = [position.get(part, i) for part in mob.get_family()]
                spans.append((min(family), max(family)))
        while straddling := [low for low, high in spans if low < first <= high]:
            first = min(straddling)
        redrawn = [mob for mob in members[first:] if (mob in moving and mob not in held)
                   or (mob not in moving and mob.has_points())]
        still = [mob for mob in members[:first] if mob.has_points()]
        return redrawn, still

    def _notify(self, kind: str) -> None:
        for observe in self.moment_observers:
            observe(self, kind)
