"""Typeset mobjects that copy cheaply.

Manim copies mobjects often: every FadeIn, FadeOut and Transform copies what it animates
(two or three times), and a DecimalNumber copies a typeset glyph for every digit each time
its value changes. A typeset glyph keeps the parsed SVG path it was made from (`path_obj`)
and a MathTex keeps a map from SVG ids to its parts (`id_to_vgroup_dict`, read only by the
`*_by_tex` methods); a deep copy copies both, ten times the cost of the points and styles
that are drawn. Neither is read again once the glyph's points exist, so lighten() drops
them: a glyph copies in 0.07 ms instead of 0.7 ms, and the picture is the same.
"""

from manim import Mobject

from .manim_internals import digit_glyphs, forget_svg_source


def lighten(mobject: Mobject) -> Mobject:
    """Drop the SVG source data a typeset mobject keeps after typesetting (see the module text).

    After this, `set_color_by_tex` and `get_part_by_tex` find nothing: index a formula's
    parts instead (`formula[1]`), as the scenes do.
    """
    forget_svg_source(mobject)
    return mobject


def lighten_digits() -> None:
    """Lighten the glyphs every DecimalNumber copies its digits from (Manim keeps one per character)."""
    for glyph in digit_glyphs():
        if not getattr(glyph, "lightened", False):
            lighten(glyph).lightened = True
