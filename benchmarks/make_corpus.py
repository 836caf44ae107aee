"""Deterministically generate the reference project R (or a scaled-down one).

R: 1,000 transcripts (one of them a 300,000-character interview), about 5 million words,
500 codes in a three-level tree, 200,000 codings by three coders, 25 cases.
``--scale 0.01`` makes a project 1/100 the size (tests use it).

    python benchmarks/make_corpus.py OUT.qwb [--scale 1.0] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from workbench.core.project import Project
from workbench.core.services.codings import CodingRequest

COMMON = [
    "the",
    "and",
    "to",
    "of",
    "a",
    "i",
    "that",
    "in",
    "it",
    "was",
    "we",
    "you",
    "my",
    "mentor",
    "mentee",
    "with",
    "for",
    "on",
    "so",
    "but",
    "just",
    "like",
    "they",
    "what",
    "really",
    "about",
    "have",
    "be",
    "when",
    "this",
    "time",
    "because",
    "think",
    "would",
    "our",
    "call",
    "video",
    "meeting",
    "feedback",
    "learn",
    "work",
    "team",
    "week",
    "zoom",
    "slack",
    "email",
    "chat",
    "schedule",
    "goal",
    "skills",
    "help",
    "project",
    "career",
    "confidence",
    "balance",
    "network",
    "question",
    "answer",
    "remote",
    "online",
]
ACCENTED = ["café", "naïve", "résumé", "Zürich", "São", "Ångström", "déjà", "coöperate"]
CODERS = ("Maya Chen", "Tomás Rivera", "Ada Okafor")
LONG_SOURCE_CHARS = 300_000


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ten", "ra", "sol", "vi", "den", "tor", "pa", "lu", "men", "sha"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return sorted(words)


def _turns(
    rng: random.Random, words: list[str], weights: list[float], case: str, n_words: int
) -> str:
    parts: list[str] = []
    count = 0
    speaker_is_participant = False
    while count < n_words:
        length = rng.randint(12, 30) if not speaker_is_participant else rng.randint(40, 160)
        chosen = rng.choices(words, weights=weights, k=length)
        if rng.random() < 0.05:
            chosen[rng.randrange(length)] = rng.choice(ACCENTED)
        sentence = " ".join(chosen)
        label = case if speaker_is_participant else "Interviewer"
        parts.append(f"{label}: {sentence[0].upper()}{sentence[1:]}.")
        count += length
        speaker_is_participant = not speaker_is_participant
    return "\n\n".join(parts) + "\n"


def build(
    path: Path, *, scale: float = 1.0, seed: int = 7, quiet: bool = False
) -> dict[str, float]:
    """Write the corpus to ``path``; returns timings of its phases."""
    rng = random.Random(seed)
    n_sources = max(2, round(1000 * scale))
    n_codes = max(6, round(500 * scale))
    n_codings = max(20, round(200_000 * scale))
    words = COMMON + _vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
    timings: dict[str, float] = {}
    begin = time.perf_counter()
    project = Project.create(path, name=f"Reference project (scale {scale:g})", coder=CODERS[0])
    try:
        # Codes: themes (≈2%), categories (≈14%), concepts (the rest).
        n_themes = max(1, n_codes // 50)
        n_categories = max(1, n_codes * 7 // 50)
        themes = [
            project.codebook.add(name=f"Theme {i + 1}", coder=CODERS[0]).created[-1]
            for i in range(n_themes)
        ]
        categories = [
            project.codebook.add(
                name=f"Category {i + 1}", parent=themes[i % n_themes], coder=CODERS[0]
            ).created[-1]
            for i in range(n_categories)
        ]
        concepts = [
            project.codebook.add(
                name=f"Concept {i + 1}",
                parent=categories[i % n_categories],
                description="Generated concept for benchmarks.",
                coder=CODERS[0],
            ).created[-1]
            for i in range(n_codes - n_themes - n_categories)
        ]
        codes = concepts + categories
        timings["codes"] = time.perf_counter() - begin
        cases = [f"P{i + 1:02d}" for i in range(25)]
        sources: list[tuple[str, int]] = []
        long_words = LONG_SOURCE_CHARS // 6
        total_words = round(5_000_000 * scale)
        regular = max(50, (total_words - long_words) // max(1, n_sources - 1))
        for i in range(n_sources):
            case = cases[i % len(cases)]
            text = _turns(rng, words, weights, case, long_words if i == 0 else regular)
            if i == 0:
                text = text[:LONG_SOURCE_CHARS].rsplit(" ", 1)[0] + ".\n"
            name = "long-interview" if i == 0 else f"T{i:04d}"
            uuid = project.sources.add(name=name, text=text, coder=CODERS[0]).created[-1]
            sources.append((uuid, len(text)))
            if not quiet and i % 100 == 0:
                print(f"  sources {i}/{n_sources}", file=sys.stderr)
        timings["sources"] = time.perf_counter() - begin - timings["codes"]
        long_codings = min(2000, n_codings // 10)
        per_source = [long_codings, *_spread(n_codings - long_codings, n_sources - 1)]
        for (uuid, length), count in zip(sources, per_source, strict=True):
            by_coder: dict[str, list[CodingRequest]] = {c: [] for c in CODERS}
            seen: set[tuple[str, str, int, int]] = set()
            while sum(len(v) for v in by_coder.values()) < count:
                start = rng.randrange(0, length - 10)
                end = min(length, start + rng.randint(40, 1200))
                coder = rng.choice(CODERS)
                code = rng.choice(codes)
                if (coder, code, start, end) in seen:
                    continue
                seen.add((coder, code, start, end))
                by_coder[coder].append(CodingRequest(uuid, code, start, end))
            for coder, requests in by_coder.items():
                project.codings.apply_many(requests, coder=coder)
        timings["codings"] = time.perf_counter() - begin - timings["codes"] - timings["sources"]
        table = path.with_suffix(".cases.csv")
        table.write_text(
            "case,age_group,sector\n"
            + "".join(
                f"{c},{['20-29', '30-39', '40-49', '50-59'][i % 4]},"
                f"{['Technology', 'Education', 'Healthcare', 'Business'][i % 4]}\n"
                for i, c in enumerate(cases)
            ),
            encoding="utf-8",
        )
        project.cases.import_csv(table, coder=CODERS[0], link_sources=False)
        table.unlink()
        case_ids = {c.name: c.uuid for c in project.cases.list()}
        for i, (uuid, _) in enumerate(sources):
            project.cases.link(case=case_ids[cases[i % len(cases)]], source=uuid, coder=CODERS[0])
    finally:
        project.close()
    timings["total"] = time.perf_counter() - begin
    return timings


def cached(scale: float) -> Path:
    """The project at ``scale`` in ``benchmarks/.cache/`` (built there the first time)."""
    folder = Path(__file__).resolve().parent / ".cache"
    folder.mkdir(exist_ok=True)
    reference = folder / f"R-{scale:g}.qwb"
    if not reference.exists():
        print(f"Building {reference.name} …", file=sys.stderr)
        build(reference, scale=scale)
    return reference


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        print(f"{args.out} exists; remove it first.", file=sys.stderr)
        return 1
    timings = build(args.out, scale=args.scale, seed=args.seed)
    print(" ".join(f"{k}={v:.1f}s" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
