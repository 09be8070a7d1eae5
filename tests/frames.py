"""Frames of a scene without writing video: the picture at the start of every beat and at the end.

A scene is built with animations skipped (each play jumps to its end state) and the camera
is asked for a frame at chosen moments, so a scene's key pictures cost a second, not a render.
"""

import hashlib

import numpy as np
from manim import DecimalNumber, MathTex, SingleStringMathTex, Text, config, tempconfig

from loglesson import theme
from loglesson.catalog import scene_class
from loglesson.labels import box_of

WORDS = (Text, MathTex, SingleStringMathTex)


def words_in_band(scene) -> list[tuple[str, str]]:
    """(beat, words) of every visible text or formula now below theme.SUBTITLE_TOP, where players
    draw captions."""
    low = []
    for mob in scene.mobjects:
        for part in mob.get_family():
            # A Text or formula holds its points in its glyphs, not in itself.
            glyphs = part.family_members_with_points() if isinstance(part, WORDS) else []
            if glyphs and part.get_bottom()[1] < theme.SUBTITLE_TOP - 0.02:
                if max(max(g.get_fill_opacity(), g.get_stroke_opacity()) for g in glyphs) > 0.05:
                    label = getattr(part, "text", None) or getattr(part, "tex_string", type(part).__name__)
                    low.append((scene.beats[-1] if scene.beats else "-", label))
    return low


class Legible:
    """An observer (scene.moment_observers): the words it sees in the captions' band and below
    their legible size after every play and wait, and `problems(scene)` once the scene is built.

    Each scene's test file watches its Japanese build with it (the wider words); English is
    checked on the build tests/test_frames.py makes anyway."""

    def __init__(self) -> None:
        self.band: list = []
        self.small: list = []
        self.moments = 0

    def __call__(self, scene, kind) -> None:
        self.moments += 1
        self.band.extend(words_in_band(scene))
        self.small.extend(too_small(scene))

    def problems(self, scene) -> list:
        """Words in the band, words too small, and beats the manifest names with no title or a
        placeholder (the chapters' and the slides' names): [] when all is well (and it watched)."""
        if self.moments == 0:
            return ["no moment of the scene was watched"]
        titles = [beat["title"] for beat in scene.manifest()["beats"]]
        untitled = [] if len(titles) == len(scene.beats) and all(titles) and "{" not in "".join(titles) else [titles]
        return sorted(set(self.band)) + sorted(set(self.small)) + untitled


def words_on_screen(scene) -> list:
    """Every Text, formula and number on screen, each whole (a formula's glyphs are not split)."""
    found = []

    def walk(mob):
        if isinstance(mob, (Text, MathTex, DecimalNumber)):
            if mob.family_members_with_points():
                found.append(mob)
            return
        for part in mob.submobjects:
            walk(part)

    for mob in scene.mobjects:
        walk(mob)
    return found


OVERLAP_SLACK = 0.02   # boxes may touch by this much (glyph boxes are a little loose)


def box(mobject) -> tuple[np.ndarray, np.ndarray]:
    """Lower-left and upper-right corners (x, y) of the kit's box (labels.box_of)."""
    corners = box_of(mobject)
    return corners[:2], corners[2:]


def overlapping_pairs(mobjects, slack: float = OVERLAP_SLACK) -> list[tuple]:
    """Every pair of the mobjects whose boxes overlap by more than `slack` each way (each box
    taken once, not once per pair)."""
    boxes = [(mob, *box(mob)) for mob in mobjects]
    return [(a, b) for i, (a, a_low, a_high) in enumerate(boxes) for b, b_low, b_high in boxes[i + 1:]
            if (a_low + slack < b_high).all() and (b_low + slack < a_high).all()]


def words_off_frame(scene) -> list[str]:
    """Every text, formula or number on screen now reaching past the frame's left or right edge."""
    half = config.frame_width / 2
    return [getattr(w, "text", None) or getattr(w, "tex_string", "") for w in words_on_screen(scene)
            if w.get_right()[0] > half + 0.01 or w.get_left()[0] < -half - 0.01]


def too_small(scene) -> list[tuple[str, str, float]]:
    """(beat, words, font size) of everything on screen now below its legible size: words under
    theme.LABEL_SIZE (about 14 px letters at 480p, LESSON.md), formulas and numbers under
    theme.SMALL_SIZE (TeX's letters are smaller than the font's at one size)."""
    small = []
    for mob in words_on_screen(scene):
        least = theme.LABEL_SIZE if isinstance(mob, Text) else theme.SMALL_SIZE
        if mob.font_size < least - 0.5:
            label = getattr(mob, "text", None) or getattr(mob, "tex_string", type(mob).__name__)
            small.append((scene.beats[-1] if scene.beats else "-", label, round(mob.font_size, 1)))
    return small


LOW_QUALITY = {
    "progress_bar": "none",
    "verbosity": "WARNING",
    "frame_rate": 15,
    "pixel_height": 480,
    "pixel_width": 854,
    "write_to_movie": False,
    "disable_caching": True,
}


def draw_only_when_asked(scene) -> None:
    """The scene's camera draws nothing until full_redraw asks it to.

    With animations skipped, Manim still draws each play's still background and each wait's
    frame, pictures no one looks at in a build whose geometry is what is checked: a quarter to
    a third of a dry build's time (cross_entropy 7.0-8.3 s against 4.8-5.5 s).
    """
    scene.renderer.camera.capture_mobjects = _draw_nothing


def _draw_nothing(*args, **kwargs) -> None:
    pass


def full_redraw(scene) -> np.ndarray:
    """The scene now, every mobject drawn once on a clean frame (RGB).

    (update_frame alone starts from the last animation's still background and draws its
    mobjects a second time over it, which thickens their anti-aliased edges; the video never
    shows that.)
    """
    renderer, camera = scene.renderer, scene.renderer.camera
    muted = camera.__dict__.pop("capture_mobjects", None)   # draw_only_when_asked's, if any
    still, renderer.static_image = renderer.static_image, None
    try:
        renderer.update_frame(scene)
    finally:
        renderer.static_image = still
        if muted is not None:
            camera.capture_mobjects = muted
    return renderer.get_frame()[:, :, :3].copy()


def key_frames(name: str, media_dir, lang: str = "en", band: list | None = None, small: list | None = None,
               **params) -> dict[str, np.ndarray]:
    """{"<n>-<beat>": frame after the first animation of each beat, ..., "end": last frame}.

    `band`, if given, collects words_in_band after every play and wait; `small`, too_small.
    """
    frames: dict[str, np.ndarray] = {}

    def observe(scene, kind):
        if band is not None:
            band.extend(words_in_band(scene))
        if small is not None:
            small.extend(too_small(scene))
        label = f"{len(scene.beats)}-{scene.beats[-1]}" if scene.beats else "0-start"
        if label not in frames:
            frames[label] = full_redraw(scene)

    with tempconfig({**LOW_QUALITY, "media_dir": str(media_dir)}):
        scene = scene_class(name)(params={"voice": "off", **params}, lang=lang, skip_animations=True)
        draw_only_when_asked(scene)
        scene.moment_observers.append(observe)
        scene.render()
        frames["end"] = full_redraw(scene)
    return frames


def chosen_moments(frames: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Start, a middle beat and the end: the frames kept as references."""
    beats = [label for label in frames if label != "end"]
    picks = {"start": beats[0], "middle": beats[len(beats) // 2], "end": "end"}
    return {moment: frames[label] for moment, label in picks.items()}


def frame_hash(frame: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest()


REDRAW_SIZE = {"pixel_height": 240, "pixel_width": 427}


def written_against_redrawn(name: str, media_dir, compare, frame_rate: int = 1, **params) -> list:
    """Play a scene frame by frame (no video written) and return, for every frame Manim draws,
    (seconds, compare(the frame it writes, a full redraw of the same moment)).

    Manim draws each frame as a still background (made once per animation) with what moves
    drawn over it; a mobject wrongly left in the background, or drawn in the wrong order,
    makes the two differ, on every frame of that animation. At a low frame rate Manim
    stretches the shortest animations to one frame (and says so, at the WARNING level,
    silenced here): every animation gets checked, a long one once a second (at 2 fps the four
    scenes took 34 s, at 1 fps 29 s).
    """
    results = []
    # dry_run: the frames are drawn and compared, not encoded (Manim encodes them despite
    # write_to_movie=False): cross_entropy 13.0 s of CPU against 15.6 s, the same 131 frames.
    # At half the size: what is kept still and what is redrawn does not depend on the picture's
    # size, and drawing is about a third cheaper (cross_entropy 11.4-13.8 s against 16.5-16.7 s).
    settings = {**LOW_QUALITY, **REDRAW_SIZE, "frame_rate": frame_rate, "verbosity": "ERROR",
                "media_dir": str(media_dir), "dry_run": True}
    with tempconfig(settings):
        scene = scene_class(name)(params={"voice": "off", **params}, lang="en")
        renderer = scene.renderer
        render = renderer.render

        def render_and_redraw(scene, time, moving_mobjects=None):
            render(scene, time, moving_mobjects)
            written = renderer.get_frame()[:, :, :3].copy()
            results.append((renderer.time, compare(written, full_redraw(scene))))

        renderer.render = render_and_redraw
        scene.render()
    return results


# A pixel counts as changed when a channel moves by more than CHANNEL_TOLERANCE levels
# (anti-aliasing noise stays below it).
CHANNEL_TOLERANCE = 24


def changed_fraction(new: np.ndarray, old: np.ndarray) -> tuple[float, np.ndarray]:
    delta = np.abs(new.astype(np.int16) - old.astype(np.int16)).max(axis=2)
    changed = delta > CHANNEL_TOLERANCE
    return changed.mean(), changed
