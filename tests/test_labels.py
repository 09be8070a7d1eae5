"""Label placing: the summed-area cover, mirrored places, and labels kept beside their points, apart and clear."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from manim import LEFT, ORIGIN, RIGHT, UL, UP, Axes, Circle, Dot, Line, Square, VGroup

from loglesson import labels
from loglesson.labels import COVER_COST, OWN_POINT_RADIUS, PLACES, SAMPLE_GRID, Cover, LabelPlacer
from loglesson.manim_internals import is_marked_moving


def test_cover_sums_what_each_box_hides_as_testing_every_sample_would():
    rng = np.random.default_rng(7)
    points = np.unique(rng.integers(-60, 60, size=(900, 2)), axis=0) * SAMPLE_GRID
    costs = rng.choice(list(COVER_COST.values()), size=len(points))
    anchors = rng.uniform(-2, 2, size=(3, 2))
    corners = rng.uniform(-2.6, 2.6, size=(3 * 40, 2, 2))
    boxes = np.hstack([corners.min(axis=1), corners.max(axis=1)])
    own = np.linalg.norm(points[None] - anchors[:, None], axis=2) < OWN_POINT_RADIUS
    inside = ((points[None, :, 0] > boxes[:, None, 0]) & (points[None, :, 0] < boxes[:, None, 2])
              & (points[None, :, 1] > boxes[:, None, 1]) & (points[None, :, 1] < boxes[:, None, 3]))
    expected = (inside * np.where(np.repeat(own, 40, axis=0), 0.0, costs)).sum(axis=1)
    assert own.any()
    assert np.allclose(Cover(points, costs).hidden(boxes, anchors), expected, atol=1e-9)


def test_mirrored_places_swap_x_and_y_of_side_and_edge():
    (side, edge), = labels.mirrored([(UL, RIGHT)])
    assert np.array_equal(side, [1, -1, 0]) and np.array_equal(edge, [0, 1, 0])
    assert all(np.array_equal(a, b) for pair, back in zip(PLACES, labels.mirrored(labels.mirrored(PLACES)))
               for a, b in zip(pair, back))


def test_outline_samples_lie_on_the_grid_once_per_cell_along_a_long_line():
    samples = labels.outline_samples([Line(LEFT * 2, RIGHT * 2)])
    assert np.allclose(samples / SAMPLE_GRID, np.round(samples / SAMPLE_GRID))
    assert len(np.unique(samples, axis=0)) == len(samples)
    assert len(samples) == pytest.approx(4 / SAMPLE_GRID, rel=0.05)
    assert np.allclose(samples[:, 1], 0)


@given(arrays(np.int64, st.tuples(st.integers(0, 60), st.just(2)), elements=st.integers(-400, 400)))
def test_unique_cells_are_numpys_unique_rows(cells):
    expected = np.unique(cells.astype(float), axis=0)
    assert np.array_equal(labels.unique_cells(cells.astype(float)), expected.reshape(-1, 2))


def outline_samples_part_by_part(mobjects):
    """outline_samples as it was first written: a part, then a cubic, at a time."""
    t = np.linspace(0, 1, 6)[:, None]
    bernstein = np.hstack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3])
    samples = [np.zeros((0, 3))]
    for part in (p for mob in mobjects for p in mob.family_members_with_points()):
        cubics = part.points[: len(part.points) // 4 * 4].reshape(-1, 4, 3)
        samples.append(np.einsum("tk,nkd->ntd", bernstein, cubics).reshape(-1, 3))
        for start, end in zip(cubics[:, 0], cubics[:, 3]):
            count = int(np.linalg.norm(end - start) / SAMPLE_GRID)
            if count > len(t):
                samples.append(start + np.linspace(0, 1, count)[:, None] * (end - start))
    return np.unique(np.round(np.vstack(samples)[:, :2] / SAMPLE_GRID), axis=0) * SAMPLE_GRID


def test_outline_samples_are_the_same_cells_as_sampling_part_by_part():
    axes = Axes(x_range=[-2, 5], y_range=[-2, 5], x_length=5, y_length=5)
    shapes = [axes, axes.plot(np.exp, x_range=[-2, 1.6]), VGroup(Circle(0.7), Dot(UP)), Line(LEFT * 3, UP * 2)]
    for mobjects in (shapes, shapes[1:2], []):
        assert np.array_equal(labels.outline_samples(mobjects), outline_samples_part_by_part(mobjects))


def test_box_of_is_the_bounding_box_grown_by_the_pad():
    assert labels.box_of(Square(side_length=2), pad=0.5) == pytest.approx([-1.5, -1.5, 1.5, 1.5])


def placer_with_a_stroke(stroke):
    bounds = np.array([-4.0, -4.0, 4.0, 4.0])
    return LabelPlacer(bounds, np.zeros((0, 2)), np.zeros(0)), bounds


def test_label_takes_its_first_choice_when_nothing_is_in_the_way():
    placer, _ = placer_with_a_stroke(None)
    label = Square(side_length=0.4)
    placer.add(label, lambda: np.array([[0.0, 0.0, 0.0]]), PLACES)
    # First choice: up-left of the point, at the smallest gap.
    gap = labels.LABEL_GAPS[0]
    assert label.get_center()[:2] == pytest.approx([-(gap + label.width / 2), gap + label.height / 2])


def test_label_moves_off_a_stroke_that_crosses_its_first_choice_and_stays_apart_from_another():
    placer, bounds = placer_with_a_stroke(None)
    stroke = Line(UL * 2, ORIGIN)                 # through the up-left spot
    placer.obstacles.append(stroke)
    first, second = Square(side_length=0.4), Square(side_length=0.4)
    placer.add(first, lambda: np.array([[0.0, 0.0, 0.0]]), PLACES)
    placer.add(second, lambda: np.array([[0.2, 0.0, 0.0]]), PLACES)
    points = labels.outline_samples([stroke])
    for label in (first, second):
        left, bottom, right, top = labels.box_of(label)
        assert not ((points[:, 0] > left) & (points[:, 0] < right)
                    & (points[:, 1] > bottom) & (points[:, 1] < top)).any()
        assert bounds[0] <= left and right <= bounds[2] and bounds[1] <= bottom and top <= bounds[3]
    a, b = labels.box_of(first), labels.box_of(second)
    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_placed_labels_are_marked_moving_and_forgotten_ones_are_not_placed():
    placer, _ = placer_with_a_stroke(None)
    label = Square(side_length=0.4)
    where = [np.array([[0.0, 0.0, 0.0]])]
    placer.add(label, lambda: where[0], PLACES)
    assert is_marked_moving(label)
    placer.forget([label])
    where[0] = np.array([[2.0, 2.0, 0.0]])
    before = label.get_center().copy()
    placer.place()
    assert np.array_equal(label.get_center(), before) and placer.labels == []


def test_placing_again_with_nothing_moved_leaves_labels_alone():
    placer, _ = placer_with_a_stroke(None)
    dot = Dot(ORIGIN)
    placer.obstacles.append(dot)
    label = Square(side_length=0.4)
    placer.add(label, dot.get_center, PLACES)
    placer.place()                   # settles: moving a label can change its width by a rounding
    placed = label.get_center().copy()
    label.shift(UP * 3)              # moved by hand: a placement would put it back
    placer.place()
    assert np.allclose(label.get_center(), placed + UP * 3)
    dot.shift(RIGHT * 0.5)           # the point moved: placed again beside it
    placer.place()
    assert np.allclose(label.get_center(), placed + RIGHT * 0.5)
