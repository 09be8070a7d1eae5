"""Labels kept beside their points and clear of everything else, frame after frame.

A `LabelPlacer` moves each label to the cheapest free spot beside one of its points: the cost
of a spot is what the label would hide (`Cover`, summed from a summed-area table over stroke
samples on a grid), plus a little for each step away from the label's first choice of point,
gap and side. Labels stay inside given bounds and apart. Placing is redone only on frames
where a label, its point or a stroke it avoids moved (`situation`). A scene calls `place()`
after its updaters on every frame (in `update_mobjects`), so labels go around this frame's
curves; placed labels are marked moving (`manim_internals.mark_moving`).

The numbers below were tuned on the inverse scene at 480p (60 pixels per unit).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from manim import DL, DOWN, DR, LEFT, ORIGIN, RIGHT, UL, UP, UR, Mobject

from . import theme
from .manim_internals import mark_moving

# A place is (direction from the point, edge of the label aligned with it), as Mobject.next_to.
Places = Sequence[tuple[np.ndarray, np.ndarray]]
# Where a label may go: the points (k, 3) beside which it may sit, preferred first, now.
Anchors = Callable[[], np.ndarray]

# Labels sit on the cheapest free spot beside their point. The cost of a spot is what the label
# would hide, per sample point under it (a curve or a dot must stay visible and a number
# readable; an axis line may pass behind the label's dark backing), plus a little for each step
# away from the label's first choice of point, gap and side.
LABEL_GAPS = (0.12, 0.4, 0.7)
LABEL_PAD = 0.05               # margin kept around a label
OWN_POINT_RADIUS = 0.15        # a label may touch its own point (a dot's radius is 0.08)
SAMPLE_GRID = 0.04             # strokes are sampled about once per this length
COVER_COST = {"stroke": 1.0, "axis": 0.01, "mirror": 0.1, "number": 5.0}
COST_UNIT = 0.01               # costs are whole multiples of this
ANCHOR_COST, GAP_COST, PLACE_COST = 0.4, 1.0, 0.01
STAY_BONUS = 0.2               # a label keeps its spot unless another is clearly better
# (direction, aligned edge) of a label beside a point on a curve rising to the right (the
# exponential), in order of preference; labels on its mirror image (the logarithm) use mirrored(PLACES).
PLACES: Places = (
    (UL, ORIGIN), (LEFT, ORIGIN), (UP, ORIGIN), (UP, LEFT), (UP, RIGHT), (LEFT, UP), (LEFT, DOWN),
    (DR, ORIGIN), (RIGHT, ORIGIN), (DOWN, ORIGIN), (DOWN, LEFT), (DOWN, RIGHT), (RIGHT, UP),
    (RIGHT, DOWN), (UR, ORIGIN), (DL, ORIGIN),
)


def mirrored(places: Places) -> Places:
    """Places of a label across y = x: a side (dx, dy) becomes (dy, dx), and so does an edge."""
    return tuple((np.array([d[1], d[0], 0.0]), np.array([e[1], e[0], 0.0])) for d, e in places)


# Six samples along each cubic: its ends and four between.
_T = np.linspace(0, 1, 6)[:, None]
BERNSTEIN = np.hstack([(1 - _T) ** 3, 3 * (1 - _T) ** 2 * _T, 3 * (1 - _T) * _T ** 2, _T ** 3])


def outline_samples(mobjects: Iterable[Mobject]) -> np.ndarray:
    """Screen points (x, y) along every stroke of the mobjects' families: curves, lines, dots, glyphs."""
    parts = [p.points[: len(p.points) // 4 * 4] for mob in mobjects for p in mob.family_members_with_points()]
    if not parts:
        return np.zeros((0, 2))
    cubics = np.concatenate(parts).reshape(-1, 4, 3)
    samples = [np.einsum("tk,nkd->ntd", BERNSTEIN, cubics).reshape(-1, 3)]
    # A long straight stroke (an axis) needs more than six samples along it.
    starts, ends = cubics[:, 0], cubics[:, 3]
    counts = (np.linalg.norm(ends - starts, axis=1) / SAMPLE_GRID).astype(np.int64)
    for k in np.flatnonzero(counts > len(BERNSTEIN)):
        samples.append(starts[k] + np.linspace(0, 1, counts[k])[:, None] * (ends[k] - starts[k]))
    # One sample per grid cell, so that a cost per sample is a cost per length of stroke hidden,
    # however densely a stroke's own points lie (a dot's circle, a glyph, a long axis).
    return unique_cells(np.round(np.vstack(samples)[:, :2] / SAMPLE_GRID)) * SAMPLE_GRID


def unique_cells(cells: np.ndarray) -> np.ndarray:
    """The distinct rows of (n, 2) whole numbers (as floats), sorted: np.unique(cells, axis=0),
    from one number per row (np.unique on rows compares them as structured records, slowly)."""
    if len(cells) == 0:
        return cells.reshape(0, 2)
    whole = cells.astype(np.int64)
    low = whole.min(axis=0)
    span = int(whole[:, 1].max() - low[1]) + 1
    keys = np.unique((whole[:, 0] - low[0]) * span + (whole[:, 1] - low[1]))
    return np.column_stack([keys // span + low[0], keys % span + low[1]]).astype(float)


def box_of(mob: Mobject, pad: float = 0.0) -> np.ndarray:
    """(left, bottom, right, top) of a mobject's bounding box, grown by pad: what get_left,
    get_bottom, get_right and get_top give, from its boundary gathered once, not four times."""
    points = mob.get_points_defining_boundary()
    if len(points) == 0:
        return np.array([-pad, -pad, pad, pad])
    low, high = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return np.array([low[0] - pad, low[1] - pad, high[0] + pad, high[1] + pad])


class Cover:
    """The cost of hiding stroke samples, summed over any box at once.

    Samples lie on a grid (outline_samples), so a summed-area table over the grid gives the
    total in a box from four look-ups instead of a test of every sample against every box.
    Costs are counted in whole COST_UNITs, so totals are exact whatever the order of summing.
    """

    def __init__(self, points: np.ndarray, costs: np.ndarray) -> None:
        self.points, self.units = points, np.round(costs / COST_UNIT).astype(np.int64)
        cells = np.round(points / SAMPLE_GRID).astype(np.int64).reshape(-1, 2)
        self.low = cells.min(axis=0) if len(cells) else np.zeros(2, dtype=np.int64)
        self.size = cells.max(axis=0) - self.low + 1 if len(cells) else np.ones(2, dtype=np.int64)
        grid = np.zeros(self.size + 1, dtype=np.int64)     # row and column 0 stay empty
        np.add.at(grid, (cells[:, 0] - self.low[0] + 1, cells[:, 1] - self.low[1] + 1), self.units)
        self.table = grid.cumsum(axis=0).cumsum(axis=1)

    def hidden(self, boxes: np.ndarray, anchors: np.ndarray) -> np.ndarray:
        """What each box (left, bottom, right, top) would hide: the cost of the samples strictly
        inside it, leaving out the label's own point (its dot, or the end of its curve), which it
        only touches. spots() lists the boxes anchor by anchor."""
        first = np.clip(np.floor(boxes[:, :2] / SAMPLE_GRID).astype(np.int64) + 1 - self.low, 0, self.size)
        past = np.clip(np.ceil(boxes[:, 2:] / SAMPLE_GRID).astype(np.int64) - self.low, first, self.size)
        t = self.table
        units = (t[past[:, 0], past[:, 1]] - t[first[:, 0], past[:, 1]]
                 - t[past[:, 0], first[:, 1]] + t[first[:, 0], first[:, 1]])
        per_anchor = len(boxes) // len(anchors)
        for k, anchor in enumerate(anchors):
            own = np.linalg.norm(self.points - anchor, axis=1) < OWN_POINT_RADIUS
            if own.any():
                mine = slice(k * per_anchor, (k + 1) * per_anchor)
                x, y = self.points[own, 0], self.points[own, 1]
                b = boxes[mine]
                inside = ((x > b[:, None, 0]) & (x < b[:, None, 2]) & (y > b[:, None, 1]) & (y < b[:, None, 3]))
                units[mine] -= inside @ self.units[own]
        return units * COST_UNIT


class LabelPlacer:
    """Keeps labels beside their points, each on the cheapest free spot, frame after frame."""

    def __init__(self, bounds: np.ndarray, still_points: np.ndarray, still_costs: np.ndarray) -> None:
        self.bounds = bounds            # labels stay inside this box (the axes)
        self.still = (still_points, still_costs)
        self.obstacles: list[Mobject] = []      # moving strokes: curves, dots, segments
        self.entries: list[list[Any]] = []      # [label, anchors(), places, last spot]
        self.placed_for: Any = None             # what the labels were last placed around

    def add(self, label: Mobject, anchors: Anchors, places: Places) -> None:
        """Place `label` beside one of the points `anchors()` ((k, 3), preferred first) from now on."""
        label.add_background_rectangle(color=theme.BACKGROUND, opacity=0.85, buff=0.04)
        mark_moving(label)                   # moved by place(), between frames
        self.entries.append([label, anchors, places, None])
        self.place()

    def forget(self, mobjects: Iterable[Mobject]) -> None:
        """Stop placing these labels and stop avoiding these strokes."""
        gone = {id(m) for m in mobjects}
        self.entries = [entry for entry in self.entries if id(entry[0]) not in gone]
        self.obstacles = [m for m in self.obstacles if id(m) not in gone]

    @property
    def labels(self) -> list[Mobject]:
        return [entry[0] for entry in self.entries]

    def situation(self) -> tuple[tuple[Any, ...], list[tuple[np.ndarray, np.ndarray]]]:
        """All that placing reads, cheaply (labels and their sizes, anchors, the strokes' points),
        and each label's box and anchors, measured once for placing."""
        measured = [(box_of(label), np.atleast_2d(anchors())[:, :2]) for label, anchors, _, _ in self.entries]
        labels = tuple((id(entry[0]), (box[2:] - box[:2]).tobytes(), anchors.tobytes())
                       for entry, (box, anchors) in zip(self.entries, measured))
        strokes = tuple((id(part), hash(part.points.tobytes()))
                        for m in self.obstacles for part in m.family_members_with_points())
        return (labels, strokes), measured

    def place(self) -> None:
        """Move every label to its best spot; nothing to do on a frame where nothing moved."""
        situation, measured = self.situation()
        if situation == self.placed_for:
            return
        self.placed_for = situation
        moving = outline_samples(self.obstacles)
        cover = Cover(np.vstack([self.still[0], moving]),
                      np.concatenate([self.still[1], np.full(len(moving), COVER_COST["stroke"])]))
        taken: list[np.ndarray] = []
        for entry, (box, anchors) in zip(self.entries, measured):
            label, _, places, last = entry
            size = box[2:] - box[:2]
            centers, preference = self.spots(size, anchors, places)
            half = size / 2 + LABEL_PAD
            boxes = np.hstack([centers - half, centers + half])
            cost = preference - STAY_BONUS * (np.arange(len(centers)) == last)
            cost += cover.hidden(boxes, anchors)
            cost[~self.free(boxes, taken)] = np.inf
            best = int(np.argmin(cost))     # all blocked: the first choice, over something
            # As label.move_to(centre), from the box already measured.
            label.shift([*(centers[best] - (box[:2] + box[2:]) / 2), 0.0])
            entry[3] = best
            taken.append(boxes[best])

    @staticmethod
    def spots(size: np.ndarray, anchors: np.ndarray, places: Places) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate centre of a label `size` wide and high (anchor × gap × place) and its
        cost of preference."""
        sides = np.array([d[:2] for d, _ in places])
        edges = np.array([e[:2] for _, e in places])
        gaps = np.array(LABEL_GAPS)[:, None, None]
        # As Mobject.next_to: beyond the point by the gap on the side's axes, else edge-aligned.
        offsets = np.where(sides != 0, sides * (gaps + size / 2), -edges * size / 2)   # (gaps, places, 2)
        centers = anchors[:, None, None, :] + offsets[None]
        a, g, p = np.meshgrid(np.arange(len(anchors)), np.arange(len(LABEL_GAPS)), np.arange(len(places)),
                              indexing="ij")
        preference = ANCHOR_COST * a + GAP_COST * g + PLACE_COST * p
        return centers.reshape(-1, 2), preference.reshape(-1).astype(float)

    def free(self, boxes: np.ndarray, taken: list[np.ndarray]) -> np.ndarray:
        """Boxes inside the bounds and clear of the labels already placed."""
        left, bottom, right, top = self.bounds
        ok = (boxes[:, 0] >= left) & (boxes[:, 1] >= bottom) & (boxes[:, 2] <= right) & (boxes[:, 3] <= top)
        for other in taken:
            ok &= ~((boxes[:, 0] < other[2]) & (other[0] < boxes[:, 2])
                    & (boxes[:, 1] < other[3]) & (other[1] < boxes[:, 3]))
        return ok
