"""LessonScene: the base of every lesson clip (language, parameters, beats, narration, captions).

A scene's `construct` names its beats; each beat starts with `self.beat("key")`, which speaks
the beat's first line (assets `[beat]`/`[say]` `key`) and shows it as a caption cue.
`self.cue()` speaks the next line, at the moment the picture shows what it talks about.
The voice sets the pace: nothing is stretched, but a line is never cut, never overlaps the
next one, and a beat does not end (the next beat does not start) until its last line has been
heard and a breath has passed; the picture holds still while the voice finishes. With
`voice=off` the same holds are measured in reading time instead, and nothing is heard.
Captions are Manim's own subcaptions (SRT next to the video), one cue per spoken line.
"""

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar

from manim import Scene, Wait, config
from manim.utils.exceptions import EndSceneEarlyException

from . import narration, theme, voice
from . import params as parameters
from .manim_internals import cut_webm, held_frames, moving_and_still
from .text import TextError, Words

GAP = 0.25       # seconds of silence between two lines of a beat
BREATH = 0.7     # after a beat's last line, before the next beat starts
LINGER = 0.5     # a caption stays this long after its words were spoken
MIN_CUE = 1.0    # no caption is on screen for less than this
END_HOLD = 3.0   # the clip ends on its last picture, still, for at least this long
AFTER_LAST_WORD = 3.0   # ... and for at least this long after its last word (2 s felt cut off)


@dataclass
class SpokenLine:
    """One line of narration as it was placed in the clip (what tests and publishing read)."""

    beat: str
    show: str
    say: str
    start: float
    duration: float      # of the speech (or of reading it, with voice=off)
    audio: str | None    # the WAV heard, None when silent


class LessonScene(Scene):
    """A lesson clip. Subclasses set `scene_name` (the key of their parameters and words)."""

    scene_name: ClassVar[str]
    # Values the narration names ({b}, {b3} in assets), from the same maths as the picture.
    spoken: dict[str, Any] = {}

    def __init__(self, params: dict[str, Any] | None = None, lang: str | None = None, **kwargs):
        try:
            self.words = Words(lang)
            self.params = (
                parameters.validated(self.scene_name, **params)
                if params is not None
                else parameters.from_environment(self.scene_name)
            )
            self.voice_on = self.params["voice"] == "on"
            if self.voice_on:
                voice.engine(self.words.lang).check()
        except (parameters.ParameterError, TextError, voice.VoiceError) as err:
            if params is not None or lang is not None:
                raise
            # Run from `manim` with a bad setting: one line and a non-zero exit, before any frame.
            sys.exit(f"loglesson: {err}")
        self.lang = self.words.lang
        self.pace = float(self.params["pace"])
        self.moment_observers: list[Callable[["LessonScene", str], None]] = []
        self.beats: list[str] = []
        self.beat_starts: list[float] = []            # scene time at which each beat began
        self.beat_titles: list[str] = []              # each beat's title ([chapter] in assets)
        self.lines: list[SpokenLine] = []             # every line spoken so far, in order
        self._unspoken: list[narration.Line] = []     # the open beat's lines still to come
        self._speaking_until = 0.0
        self._last_motion_end = 0.0
        self._captioned = 0                            # lines already written as subcaptions
        # Set per scene, not only at import: tempconfig blocks (tests, the CLI) restore config.
        config.background_color = theme.BACKGROUND
        super().__init__(**kwargs)

    # --- words -------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """This scene's text for `key` in the chosen language (`inverse.<key>` in assets)."""
        return self.words.format(f"{self.scene_name}.{key}", **values)

    # --- beats, narration and captions -------------------------------------------------
    def beat(self, key: str, **values) -> str:
        """Start the beat `key` once the previous one has been heard; speak its first line.

        Returns the beat's first caption line. `values` fill placeholders beside `spoken`.
        """
        self._finish_beat()
        self.beats.append(key)
        self.beat_starts.append(self.renderer.time)
        cut_webm(self.renderer)
        values = {**self.spoken, **values}
        self.beat_titles.append(self.words.format(f"{self.scene_name}.chapter.{key}", **values))
        self._unspoken = narration.beat_lines(self.words, self.scene_name, key, **values)
        self._say_next()
        return self.lines[-1].show

    def cue(self) -> None:
        """Speak the beat's next line now, or as soon as the line before it has been heard."""
        if not self._unspoken:
            raise narration.NarrationError(
                f"{self.scene_name} beat {self.beats[-1]!r} ({self.lang}): cue() called but the beat "
                f"has no line left: add a line to [beat] {self.beats[-1]} in "
                f"assets/text/{self.lang}/{self.scene_name}.toml or remove the cue"
            )
        self._hold_until(self._speaking_until + GAP)
        self._say_next()

    def hold_until_heard(self, after: float = 0.0) -> None:
        """Hold the picture still until the line being spoken has been heard, and `after` more seconds.

        `cue()` and the next beat wait for the voice by themselves; this is for a picture that
        must not change (fade out, clear) while its last line is still being said.
        """
        self._hold_until(self._speaking_until + after)

    def hold_until_part_heard(self, fraction: float) -> None:
        """Hold the picture still until `fraction` of the line being spoken has been heard: for
        a change the line announces in its first words ("it starts at w = 0: ..." as w goes to 0)."""
        line = self.lines[-1]
        self._hold_until(line.start + fraction * line.duration)

    def _say_next(self) -> None:
        line = self._unspoken.pop(0)
        audio = None
        if self.voice_on:
            try:
                speech = voice.speak(line.say, self.lang)
            except voice.VoiceError as err:
                raise voice.VoiceError(
                    f"{self.scene_name} beat {self.beats[-1]!r} ({self.lang}): could not speak "
                    f"{line.say!r}: {err}"
                ) from None
            duration, audio = speech.duration, str(speech.path)
            self.add_sound(audio)
        else:
            duration = narration.reading_time(line.show, self.lang)
        start = self.renderer.time
        self.lines.append(SpokenLine(self.beats[-1], line.show, line.say, start, duration, audio))
        self._speaking_until = start + duration

    def _finish_beat(self) -> None:
        """Speak what the open beat has left, wait until it has been heard, write its captions."""
        if not self.beats:
            return
        while self._unspoken:
            self._hold_until(self._speaking_until + GAP)
            self._say_next()
        self._hold_until(self._speaking_until + BREATH)
        self._write_captions()

    def _write_captions(self) -> None:
        """One subcaption per line spoken since the last call, each up to the next line's start."""
        now = self.renderer.time
        new = [line for line in self.lines[self._captioned:] if line.start < now]   # (a clip cut short: none after it)
        for line, following in zip(new, [*new[1:], None]):
            end = max(line.start + line.duration + LINGER, line.start + MIN_CUE)
            end = min(end, following.start if following is not None else now)
            self.add_subcaption(narration.balanced(line.show, self.lang),
                                duration=end - line.start, offset=line.start - now)
        self._captioned = len(self.lines)

    def _hold_until(self, moment: float) -> None:
        """Hold the picture still until scene time `moment` (rounded up to a whole frame)."""
        remaining = moment - self.renderer.time
        if remaining > 1e-6:
            frames = math.ceil(remaining * config.frame_rate - 1e-6)
            Scene.play(self, Wait(run_time=frames / config.frame_rate))

    def tear_down(self):
        try:
            self._finish_beat()
            # The last picture is the poster and the viewer's last look: hold it, in silence too.
            self._hold_until(max(self._last_motion_end + END_HOLD, self._speaking_until + AFTER_LAST_WORD))
        except EndSceneEarlyException:
            # `manim -n START,END` ends the clip at animation END (Manim stops construct there,
            # and would stop these holds too): the clip ends where it was cut, with the captions
            # of the lines begun before the cut.
            self._write_captions()
        self._write_manifest()
        super().tear_down()

    def manifest(self) -> dict[str, Any]:
        """What publishing needs to know of this clip beyond its video: its beats, their titles, times and lines."""
        ends = [*self.beat_starts[1:], self.renderer.time]
        return {
            "scene": self.scene_name,
            "lang": self.lang,
            "duration": self.renderer.time,
            # Stretches of the video that hold one picture: (first frame, frames) at this frame rate.
            "frame rate": config.frame_rate,
            "held": held_frames(self.renderer),
            "beats": [
                {"key": key, "title": title, "start": start, "end": end,
                 "lines": [{"show": line.show, "say": line.say, "start": line.start, "duration": line.duration}
                           for line in self.lines if line.beat == key]}
                for key, title, start, end in zip(self.beats, self.beat_titles, self.beat_starts, ends)
            ],
        }

    def _write_manifest(self) -> None:
        """`<video>.beats.json` beside the video Manim writes (nothing on a dry run)."""
        if config.dry_run:
            return
        try:
            captions_file = self.renderer.file_writer.output_plan.subcaption_file
        except AttributeError:
            return
        if captions_file is None:
            return
        path = Path(captions_file).with_suffix(".beats.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.manifest(), indent=1, ensure_ascii=False), encoding="utf-8")

    # --- pacing and observation ----------------------------------------------------------
    def play(self, *animations, run_time: float = 1.0, **kwargs):
        """Scene.play with the run time scaled by the `pace` parameter."""
        super().play(*animations, run_time=run_time * self.pace, **kwargs)
        self._last_motion_end = self.renderer.time
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
