"""The lesson's look in one place: palette, sizes, fonts and the reusable pieces every scene uses.

Colours are the Okabe–Ito palette, which stays distinguishable under the common kinds of
colour blindness; curves also differ in dash and label, never in colour alone. Sizes are
chosen to stay readable at 480p (60 pixels per scene unit).
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN, LEFT, UP, Axes, DashedLine, MathTex, Mobject, Text, VGroup, VMobject, config,
)

from numpy.typing import ArrayLike

from .light import lighten
from .live import set_smooth_points
from .manim_internals import STILL_Z, mark_still

# Palette (Okabe & Ito 2008) on a dark background.
BACKGROUND = "#14161c"
INK = "#f2f2f2"            # text and axes
MUTED = "#b3b9bf"          # secondary text, mirror line, grid (readable on the dark ground)
EXP = "#56b4e9"            # sky blue: a^x and everything exponential
LOG = "#e69f00"            # orange: log_a x
SLOPE = "#009e73"          # bluish green: slopes and derivatives
# Words and formulas in the slope colour: SLOPE lightened 30 % towards INK, the same hue. TeX's
# thin strokes never fill a whole pixel at 480p, so in SLOPE itself they stood out from the
# ground by 3.6:1 at best (90th percentile of their pixels), in SLOPE_INK by 6.2:1. Lines and
# dots keep SLOPE.
SLOPE_INK = "#49b799"
TANGENT = "#d55e00"        # vermillion: tangent and secant lines
HIGHLIGHT = "#f0e442"      # yellow: the thing to look at now
ACCENT = "#cc79a7"         # reddish purple: a second highlight, targets
TRUE_CLASS = SLOPE
OTHER_CLASS = MUTED

# Sizes in Manim font units, chosen so that every word and digit is at least about 14 pixels
# tall at 480p: a TeX digit is 10.3 px at size 24 and 14.6 px at 34; a lower-case Text letter
# is 14.3 px at 30.
TITLE_SIZE = 40
BODY_SIZE = 32
LABEL_SIZE = 30
SMALL_SIZE = 34             # axis numbers and other small TeX
FORMULA_SIZE = 44

# One font for both languages so that English and Japanese clips look alike;
# fonts-noto-cjk provides it (scripts/setup.sh installs it).
FONT = "Noto Sans CJK JP"

EDGE = 0.35                 # margin kept free at the frame's edges
# The bottom band where players draw the viewer's captions (two lines): no words of the scene
# go there, so a caption never hides them. Curves and shapes may pass behind it.
SUBTITLE_BAND = 1.5
SUBTITLE_TOP = -config.frame_height / 2 + SUBTITLE_BAND

config.background_color = BACKGROUND


def words(text: str, size: float = BODY_SIZE, color: str = INK, **kwargs: Any) -> Text:
    """On-screen words in the lesson font (any language).

    Parsed once per process for the same words and settings, like a formula (Manim leaves
    its SVG cache off for Text; its file's name is a hash of the words and every setting).
    """
    return lighten(Text(text, font=FONT, font_size=size, color=color, use_svg_cache=True, **kwargs))


def formula(*tex: str, size: float = FORMULA_SIZE, color: str = INK, **kwargs: Any) -> MathTex:
    """A formula in LaTeX (keep Japanese out of it: Manim's default template has no CJK)."""
    return lighten(MathTex(*tex, font_size=size, color=color, **kwargs))


def coloured(color: str, *mobjects: Mobject) -> list:
    """The mobjects turning `color` together: to light a part while it is named, and back.

    One animation per drawn piece, to be played unpacked: a group made of glyphs already on
    screen (the top of a fraction), or an AnimationGroup's own group, would be added to the
    scene by play(), which splits the groups those glyphs belong to. Give the colour to go
    back to: a group's own colour need not be its pieces'."""
    return [part.animate.set_color(color) for mob in mobjects for part in mob.family_members_with_points()]


def title(text: str) -> Text:
    """The scene's heading, at the top edge (nothing overlaps it: drawn beneath everything)."""
    heading = words(text, TITLE_SIZE).to_edge(UP, buff=EDGE)
    backdrop(heading)
    return heading


def caption(text: str, width: float | None = None) -> Text:
    """One line of explanation just above the captions' band, shrunk to fit the frame's width."""
    line = words(text, BODY_SIZE)
    limit = width or config.frame_width - 2 * EDGE
    if line.width > limit:
        line.scale_to_fit_width(limit)
    return line.to_edge(DOWN, buff=SUBTITLE_BAND)


# Axes, guide lines and side panels lie beneath everything (manim_internals.mark_still), so
# that Manim draws them once per animation into its still background instead of on every frame.
BACKDROP_Z = STILL_Z


def lesson_axes(
    x_range: Sequence[float] = (-1, 5, 1),
    y_range: Sequence[float] = (-1, 5, 1),
    x_length: float = 6.0,
    y_length: float = 6.0,
    numbers: bool = True,
) -> Axes:
    """Axes in the lesson's style; numbers on the ticks are typeset once and cached."""
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "color": MUTED,
            "stroke_width": 2,
            "include_numbers": numbers,
            "font_size": SMALL_SIZE,
            "line_to_number_buff": 0.15,
        },
    )
    mark_still(axes)
    return axes


def mirror_line(axes: Axes, low: float, high: float) -> DashedLine:
    """The dashed line y = x from (low, low) to (high, high) in axis coordinates."""
    line = DashedLine(axes.c2p(low, low), axes.c2p(high, high), color=MUTED, stroke_width=2, dash_length=0.12)
    mark_still(line)
    return line


def backdrop(*mobjects: Mobject) -> None:
    """Put still words and formulas that nothing else overlaps (a side panel) beneath everything.

    Drawn first, they go into Manim's still background, drawn once per animation instead of on
    every frame. Parts with an updater (a live number) and everything they hold stay in front.
    (manim_internals.mark_still: the one place that knows how.)
    """
    mark_still(*mobjects)


def curve_through(axes: Axes, xs: ArrayLike, ys: ArrayLike, color: str, stroke_width: float = 4) -> VMobject:
    """The smooth curve through the points (xs, ys) of `axes`.

    What axes.plot draws from the same samples (sample with maths.samples, as it does), made
    from arrays at once: axes.plot calls the function and the axes once per sample and then
    smooths point by point, 11 ms for a curve that a live updater redraws on every frame.
    """
    points = np.asarray(axes.c2p(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))).reshape(3, -1).T
    return set_smooth_points(VMobject(stroke_color=color, stroke_width=stroke_width), points)


def stacked(*mobjects: Mobject, buff: float = 0.25) -> VGroup:
    """Mobjects one under another, left-aligned: a small panel of readouts."""
    return VGroup(*mobjects).arrange(DOWN, aligned_edge=LEFT, buff=buff)
