"""One source as the view holds it: text, offset map, codings, annotations, speaker turns and
paragraph numbers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from PySide6.QtGui import QFont, QTextCharFormat, QTextDocument, QTextLayout

from workbench.core.project import Project
from workbench.core.text.offsets import OffsetMap
from workbench.core.values import AnnotationInfo, CodingInfo
from workbench.gui.document.text_units import label_end


@dataclass(frozen=True)
class LoadedSource:
    uuid: str
    text: str
    offsets: OffsetMap
    codings: tuple[CodingInfo, ...]
    annotations: tuple[AnnotationInfo, ...]
    turns: tuple[tuple[str, int, int], ...]  # speaker, start, end (code points)
    labels: tuple[tuple[int, int], ...]  # the speaker label of each turn (code points)
    paragraphs: tuple[int, ...]  # per block: its paragraph number, 0 for an empty line

    @classmethod
    def empty(cls) -> LoadedSource:
        return cls("", "", OffsetMap(""), (), (), (), (), (0,))

    @classmethod
    def load(cls, project: Project, source: str) -> LoadedSource:
        text = project.sources.text(source)
        metadata = project.sources.metadata(source)
        turns: list[tuple[str, int, int]] = []
        for entry in metadata.get("turns", []) or []:
            speaker, start, end = str(entry[0]), int(entry[1]), int(entry[2])
            if 0 <= start < end <= len(text):
                turns.append((speaker, start, end))
        turns.sort(key=lambda t: t[1])
        labels = tuple((t[1], label_end(text, t[1])) for t in turns)
        numbers: list[int] = []
        count = 0
        for line in text.split("\n"):
            if line.strip():
                count += 1
                numbers.append(count)
            else:
                numbers.append(0)
        return cls(
            source,
            text,
            OffsetMap(text),
            tuple(project.codings.of_source(source)),
            tuple(project.annotations.list(source=source)),
            tuple(turns),
            tuple(label for label in labels if label[1] > label[0]),
            tuple(numbers),
        )

    def with_marks(
        self, codings: list[CodingInfo], annotations: list[AnnotationInfo] | None
    ) -> LoadedSource:
        """A copy with other codings (and annotations, unless None)."""
        notes = self.annotations if annotations is None else tuple(annotations)
        return replace(self, codings=tuple(codings), annotations=notes)

    def paragraph_number(self, block_number: int) -> int:
        if 0 <= block_number < len(self.paragraphs):
            return self.paragraphs[block_number]
        return 0

    def turn_at(self, position: int) -> tuple[int, int] | None:
        """The ``(start, end)`` of the speaker turn holding a code-point position."""
        rank = bisect_right([t[1] for t in self.turns], position) - 1
        if rank >= 0 and position <= self.turns[rank][2]:
            return self.turns[rank][1], self.turns[rank][2]
        return None

    def label_end_at(self, position: int) -> int:
        """If a speaker label starts at ``position``, where it ends; else ``position``."""
        for start, end in self.labels:
            if start == position:
                return end
        return position

    def emphasize_labels(self, document: QTextDocument) -> None:
        """Bold the speaker labels: a one-time layout format per block (not a char format)."""
        if not self.labels:
            return
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        first = self.offsets.to_utf16_many([p for label in self.labels for p in label])
        for i in range(0, len(first), 2):
            block = document.findBlock(first[i])
            offset = first[i] - block.position()
            length = min(first[i + 1] - first[i], block.length() - 1 - offset)
            if length <= 0:
                continue
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = offset, length, bold
            layout = block.layout()
            layout.setFormats([*layout.formats(), span])
        document.markContentsDirty(0, document.characterCount())
