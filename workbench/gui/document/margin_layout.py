"""Where the margin puts things: thin stripes in lanes, and a column of code labels beside them
that slide down to stay readable (the ones that find no room are gathered into "+N")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QRectF

from workbench.gui.document.roles import Placing

if TYPE_CHECKING:
    from workbench.gui.document.layer import CodingLayer, ShownCoding

BAR_LANE = 11.0  # a stripe's lane: the bar and its bracket ticks
PAD = 6.0
GAP = 6.0  # between the last lane and the labels
LABEL_MIN = 140.0  # names stay readable: lanes beyond what leaves this much go to "+N"
LABEL_MAX = 170.0
MIN_MARGIN = 150.0
MAX_MARGIN = 330.0
HANDLE = 5.0


@dataclass(frozen=True, slots=True)
class Stripe:
    coding: ShownCoding
    rect: QRectF  # the lane slot, margin coordinates
    starts_here: bool  # the coding's first line is on screen
    ends_here: bool


@dataclass(slots=True)
class Label:
    """A code label beside its stripe(s), or (``more``) a "+N" chip for codings without room."""

    rect: QRectF
    codings: list[ShownCoding] = field(default_factory=list)
    more: bool = False


@dataclass(frozen=True, slots=True)
class Geometry:
    lanes: int  # lanes shown
    label_x: float
    label_width: float
    width: int


def geometry(view_width: int, lane_count: int) -> Geometry:
    """Lanes get a fixed, narrow width; the labels take the rest of a margin budget."""
    budget = max(MIN_MARGIN, min(MAX_MARGIN, view_width * 0.27))
    room_for_lanes = budget - 2 * PAD - GAP - LABEL_MIN
    lanes = min(lane_count, max(2, int(room_for_lanes // BAR_LANE)))
    lanes_width = max(1, lanes) * BAR_LANE
    label_width = max(LABEL_MIN, min(LABEL_MAX, budget - 2 * PAD - GAP - lanes_width))
    label_x = PAD + lanes_width + GAP
    return Geometry(lanes, label_x, label_width, int(label_x + label_width + PAD))


class StripeSource(Placing, Protocol):
    """The codings on screen, and the one being dragged to a new range."""

    @property
    def layer(self) -> CodingLayer: ...

    @property
    def drag_preview(self) -> tuple[str, int, int] | None: ...


def lay_out(
    view: StripeSource, shape: Geometry, height: float, label_height: float
) -> tuple[list[Stripe], list[Label]]:
    """Stripes for the codings on screen, and their labels."""
    blocks = view.visible_blocks()
    if not blocks:
        return [], []
    lo, hi = blocks[0].start, blocks[-1].end
    preview = view.drag_preview
    stripes: list[Stripe] = []
    hidden: list[tuple[float, ShownCoding]] = []
    taken: dict[int, list[tuple[float, float]]] = {}
    visible = view.layer.overlapping(lo, hi + 1)
    visible.sort(key=lambda c: (c.lane, c.u_start, -c.u_end))
    for coding in visible:
        start, end = coding.u_start, coding.u_end
        if preview is not None and preview[0] == coding.uuid:
            start, end = preview[1], preview[2]
        starts_here, ends_here = start >= lo, end <= hi + 1
        top = view.position_y(start, blocks=blocks) if starts_here else -HANDLE * 2
        bottom = (
            view.position_y(max(start, end - 1), bottom=True, blocks=blocks)
            if ends_here
            else height + HANDLE * 2
        )
        # Lanes are planned in characters; a stripe that would touch another on a shared
        # screen line moves outwards.
        lane = coding.lane
        while any(t < bottom - 1 and top < b - 1 for t, b in taken.get(lane, ())):
            lane += 1
        if lane >= view.layer.lane_limit(coding, shape.lanes):
            hidden.append((max(top, 0.0), coding))
            continue
        taken.setdefault(lane, []).append((top, bottom))
        rect = QRectF(PAD + lane * BAR_LANE, top, BAR_LANE, max(4.0, bottom - top))
        stripes.append(Stripe(coding, rect, starts_here, ends_here))
    return stripes, _labels(stripes, hidden, shape, label_height)


def _labels(
    stripes: list[Stripe],
    hidden: list[tuple[float, ShownCoding]],
    shape: Geometry,
    height: float,
) -> list[Label]:
    """One label per code and range (twins by several coders share it), stacked downwards
    from each stripe's top; a label pushed past its stripe joins a "+N" chip instead."""
    groups: dict[tuple[str, int, int], tuple[float, float, list[ShownCoding]]] = {}
    for stripe in stripes:
        c = stripe.coding
        key = (c.code_uuid, c.u_start, c.u_end)
        top, bottom = max(stripe.rect.top(), 0.0), stripe.rect.bottom()
        if key in groups:
            groups[key][2].append(c)
        else:
            groups[key] = (top, bottom, [c])
    items = [(top, bottom, members) for top, bottom, members in groups.values()]
    items += [(top, -1.0, [coding]) for top, coding in hidden]  # no stripe: always "+N"
    items.sort(key=lambda item: (item[0], item[2][0].lane))
    labels: list[Label] = []
    free = 0.0
    chip: Label | None = None
    for top, bottom, members in items:
        y = max(top, free)
        if bottom >= 0 and y <= max(bottom, top + height):  # may hang one row past the stripe
            labels.append(Label(QRectF(shape.label_x, y, shape.label_width, height), members))
            free, chip = y + height, None
            continue
        if chip is None:
            chip = Label(QRectF(shape.label_x, y, shape.label_width, height), [], more=True)
            labels.append(chip)
            free = y + height
        chip.codings.extend(members)
    return labels
