"""Fades that scale each part's own opacity: cheaper than Manim's FadeIn and FadeOut for panels of glyphs."""

from typing import Any

from manim import Animation, AnimationGroup, Mobject, Scene


class Fade(Animation):
    """Fade a mobject in or out through its opacities alone.

    Manim's FadeIn and FadeOut copy the mobject twice before they start, which for a panel of
    glyphs costs more than the whole fade; this one keeps each part's own opacity and scales it.
    """

    def __init__(self, mobject: Mobject, appear: bool = True, **kwargs: Any) -> None:
        super().__init__(mobject, introducer=appear, remover=not appear, **kwargs)
        self.appear = appear

    def begin(self) -> None:
        self.opacities = [(part, part.get_fill_opacity(), part.get_stroke_opacity())
                          for part in self.mobject.family_members_with_points()]
        super().begin()

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        level = self.rate_func(alpha) if self.appear else 1 - self.rate_func(alpha)
        for part, fill, stroke in self.opacities:
            part.set_fill(opacity=fill * level, family=False).set_stroke(opacity=stroke * level, family=False)

    def clean_up_from_scene(self, scene: Scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.appear:     # gone from the scene: ready to fade in again at its own opacity
            for part, fill, stroke in self.opacities:
                part.set_fill(opacity=fill, family=False).set_stroke(opacity=stroke, family=False)


def fade_in(*mobjects: Mobject) -> AnimationGroup:
    """Each mobject fades in at its own opacities, all at once."""
    return AnimationGroup(*(Fade(m) for m in mobjects))


def fade_out(*mobjects: Mobject) -> AnimationGroup:
    """Each mobject fades out, then leaves the scene (its opacities restored for a later fade in)."""
    return AnimationGroup(*(Fade(m, appear=False) for m in mobjects))
