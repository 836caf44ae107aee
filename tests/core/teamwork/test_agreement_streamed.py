"""Agreement read a batch of sources at a time gives the figures of a straightforward
whole-project computation, on a generated project."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from workbench.core.project import Project
from workbench.core.teamwork.agreement import AgreementReport, agreement
from workbench.core.teamwork.agreement_stats import (
    Pattern,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)

CODERS = ("Ana", "Ben", "Cy")
Coding = tuple[str, str, str, int, int]  # source, code, coder, start, end


def _generate(project: Project, seed: int) -> tuple[dict[str, str], set[Coding]]:
    """Sources of a few paragraphs, five codes, three coders who code some sources (or
    none), some sources marked done: the source uuid → text, and every coding."""
    rng = random.Random(seed)
    codes = [project.codebook.add(name=f"C{k}", coder="Ana").created[-1] for k in range(5)]
    texts: dict[str, str] = {}
    codings: set[Coding] = set()
    for n in range(11):
        lines = [" ".join(rng.choice("ab cd efg hij") for _ in range(rng.randint(3, 40)))]
        lines += ["" if rng.random() < 0.2 else "x" * rng.randint(1, 30) for _ in range(4)]
        text = "\n".join(lines)
        source = project.sources.add(name=f"S{n:02}", text=text, coder="Ana").created[-1]
        texts[source] = text
        for coder in CODERS:
            if rng.random() < 0.25:
                continue  # this coder left the source alone
            for _ in range(rng.randint(0, 6)):
                start = rng.randrange(len(text))
                end = rng.randint(start + 1, min(len(text), start + 40))
                code = rng.choice(codes)
                project.codings.apply(source=source, code=code, start=start, end=end, coder=coder)
                codings.add((source, code, coder, start, end))
    return texts, codings


def _by_character(
    texts: dict[str, str], codings: set[Coding], coders: tuple[str, ...]
) -> dict[str, Counter[Pattern]]:
    """Per code: every character of every source, as each coder's value (None if the coder
    did nothing in the source) — the definition, computed the slow way."""
    used = {code for _, code, coder, _, _ in codings if coder in coders}
    out: dict[str, Counter[Pattern]] = {code: Counter() for code in used}
    for source, text in texts.items():
        here = [c for c in codings if c[0] == source and c[2] in coders]
        absent = [not any(c[2] == coder for c in here) for coder in coders]
        covered: dict[tuple[str, str], set[int]] = defaultdict(set)
        for _, code, coder, start, end in here:
            covered[(code, coder)].update(range(start, end))
        for code in used:
            for position in range(len(text)):
                out[code][
                    tuple(
                        None if absent[i] else position in covered[(code, coder)]
                        for i, coder in enumerate(coders)
                    )
                ] += 1
    return out


def _pairable(counts: Counter[Pattern]) -> int:
    """Units at least two coders gave a value for."""
    return sum(w for p, w in counts.items() if sum(v is not None for v in p) >= 2)


@pytest.mark.parametrize("coders", [CODERS[:2], CODERS])
def test_streamed_agreement_matches_the_whole_project_computation(
    project: Project, monkeypatch: pytest.MonkeyPatch, coders: tuple[str, ...]
) -> None:
    import workbench.core.db.streaming as streaming

    texts, codings = _generate(project, seed=18)
    monkeypatch.setattr(streaming, "BATCH", 3)  # several batches, one ending mid-way
    report = agreement(project, coders=list(coders), unit="char", only_done=False)
    expected = _by_character(texts, codings, coders)
    assert {row.code_uuid for row in report.per_code} == set(expected)
    pooled: Counter[Pattern] = Counter()
    for row in report.per_code:
        counts = expected[str(row.code_uuid)]
        pooled.update(counts)
        assert row.units == _pairable(counts)
        assert row.coded == {
            coder: sum(w for p, w in counts.items() if p[i] is True)
            for i, coder in enumerate(coders)
        }
        assert row.percent_agreement.value == pytest.approx(percent_agreement(counts).value)
        assert row.krippendorff_alpha.value == pytest.approx(krippendorff_alpha(counts).value)
        if len(coders) == 2:
            assert row.cohen_kappa is not None
            assert row.cohen_kappa.value == pytest.approx(cohen_kappa(counts).value)
    assert report.overall.units == _pairable(pooled)
    assert report.overall.krippendorff_alpha.value == pytest.approx(
        krippendorff_alpha(pooled).value
    )


def test_batching_does_not_change_agreement(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.core.db.streaming as streaming

    _generate(project, seed=7)
    for source in [s.uuid for s in project.sources.list()][::2]:
        for coder in CODERS:
            project.sources.set_done(source=source, coder=coder)

    def run(batch: int) -> list[AgreementReport]:
        monkeypatch.setattr(streaming, "BATCH", batch)
        return [
            agreement(project, coders=list(CODERS), unit=unit, only_done=done)
            for unit in ("char", "paragraph", "turn", "segment")
            for done in (True, False)
        ]

    whole = run(10_000)  # every source in one batch, as agreement used to read them
    assert run(1) == whole and run(4) == whole
    assert any(row.units for report in whole for row in report.per_code)
