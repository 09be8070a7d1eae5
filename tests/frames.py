"""Frames of a scene without writing video: the picture at the start of every beat and at the end.

A scene is built with animations skipped (each play jumps to its end state) and the camera
is asked for a frame at chosen moments, so a scene's key pictures cost a second, not a render.
"""

import hashlib

import numpy as np
from manim import tempconfig

from loglesson.catalog import scene_class

LOW_QUALITY = {
    "progress_bar": "none",
    "verbosity": "WARNING",
    "frame_rate": 15,
    "pixel_height": 480,
    "pixel_width": 854,
    "write_to_movie": False,
    "disable_caching": True,
}


def key_frames(name: str, media_dir, lang: str = "en", **params) -> dict[str, np.ndarray]:
    """{"<n>-<beat>": frame after the first animation of each beat, ..., "end": last frame}."""
    frames: dict[str, np.ndarray] = {}

    def grab(scene):
        # Every mobject drawn once on a clean frame. (update_frame alone starts from the last
        # animation's still background and draws its mobjects a second time over it, which
        # thickens their anti-aliased edges; the video never shows that.)
        renderer = scene.renderer
        still, renderer.static_image = renderer.static_image, None
        renderer.update_frame(scene)
        renderer.static_image = still
        return renderer.get_frame()[:, :, :3].copy()

    def observe(scene, kind):
        label = f"{len(scene.beats)}-{scene.beats[-1]}" if scene.beats else "0-start"
        if label not in frames:
            frames[label] = grab(scene)

    with tempconfig({**LOW_QUALITY, "media_dir": str(media_dir)}):
        scene = scene_class(name)(params=params, lang=lang, skip_animations=True)
        scene.moment_observers.append(observe)
        scene.render()
        frames["end"] = grab(scene)
    return frames


def chosen_moments(frames: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Start, a middle beat and the end: the frames kept as references."""
    beats = [label for label in frames if label != "end"]
    picks = {"start": beats[0], "middle": beats[len(beats) // 2], "end": "end"}
    return {moment: frames[label] for moment, label in picks.items()}


def frame_hash(frame: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest()
