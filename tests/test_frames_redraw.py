"""Every frame Manim writes (a still background drawn once, what moves drawn over it) equals a
full redraw of the same moment: a mobject wrongly kept still would freeze in the video alone.

(Apart from tests/test_frames.py so that the two spread over the test workers.)
"""

import pytest

from frames import changed_fraction, written_against_redrawn
from loglesson.catalog import available_scenes

SCENES = available_scenes()


@pytest.mark.parametrize("name", SCENES)
def test_frames_drawn_over_the_still_background_equal_full_redraws(name, tmp_path):
    # Manim redraws only what moves; a mobject wrongly kept in the still background would
    # freeze, or show through something drawn over it, in the video alone.
    fractions = written_against_redrawn(name, tmp_path, lambda new, old: changed_fraction(new, old)[0])
    assert len(fractions) > 40, f"{name}: only {len(fractions)} frames drawn"
    differing = [f"{seconds:.2f} s ({fraction:.2%})" for seconds, fraction in fractions if fraction > 0]
    assert differing == [], f"{name}: written frames differ from a full redraw at " + ", ".join(differing[:5])
