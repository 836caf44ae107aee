"""Codebook PDF speed: 300 codes (target ≤ 3 s) and 1,000 codes with a table of contents (≤ 10 s).

    python benchmarks/codebook_pdf.py [--codes 300 1000] [--repeat 1]

Each codebook is generated into a small project (cached in benchmarks/.cache/): themes →
categories → concepts with synthetic definition, inclusion, exclusion and example text, and 20
sources with three coded quotes per concept, so every code section has its definition table
and three quotes, as in the measurements in the team's notes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CODER = "Bench Coder"
WORDS_TEXT = (
    "mentor mentee call message schedule feedback goal trust network skill meeting online "
    "platform session support time zone camera chat email review project career growth "
    "boundary confidence tool document agenda follow-up question answer advice"
)
WORDS = WORDS_TEXT.split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def build_project(path: Path, codes: int, seed: int = 7) -> Path:
    """A project whose codebook has ``codes`` codes (10 categories per theme, 8 concepts per
    category), with 20 sources and three coded quotes per concept."""
    from workbench.core.codebook_json import CodeSpec
    from workbench.core.project import Project
    from workbench.core.services.codings import CodingRequest

    rng = random.Random(seed)
    budget = [codes]

    def spec(name: str, children: list[CodeSpec]) -> CodeSpec:
        return CodeSpec(
            name=name,
            description=" ".join(sentence(rng, 14) for _ in range(2)),
            inclusion=sentence(rng, 18),
            exclusion=sentence(rng, 16),
            example=f'"{sentence(rng, 12)}"',
            children=tuple(children),
        )

    def take() -> bool:
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        return True

    forest: list[CodeSpec] = []
    t = 0
    while take():
        t += 1
        categories = []
        for c in range(1, 11):
            if not take():
                break
            concepts = [spec(f"Concept {t}.{c}.{k}", []) for k in range(1, 9) if take()]
            categories.append(spec(f"Category {t}.{c}", concepts))
        forest.append(spec(f"Theme {t}", categories))
    with Project.create(path, name=f"Codebook benchmark ({codes} codes)", coder=CODER) as p:
        p.codebook.import_tree(codes=forest, coder=CODER)
        sources = []
        for s in range(20):
            text = "\n\n".join(
                f"P{s + 1:02d}: " + " ".join(sentence(rng, 16) for _ in range(3))
                for _ in range(120)
            )
            sources.append(
                (p.sources.add(name=f"P{s + 1:02d}", text=text, coder=CODER).created[-1], text)
            )
        concepts = [n.uuid for n in p.codebook.all() if n.name.startswith("Concept")]
        requests = []
        for index, code in enumerate(concepts):
            for q in range(3):
                source, text = sources[(index + q * 7) % len(sources)]
                start = rng.randrange(0, len(text) - 300)
                requests.append(CodingRequest(source, code, start, start + rng.randint(80, 260)))
        p.codings.apply_many(requests, coder=CODER)
    return path


def measure(codes: int, repeat: int) -> tuple[float, int, int]:
    from workbench.core.project import Project
    from workbench.core.reports.codebook_pdf import CodebookOptions, codebook_pdf_bytes

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"codebook-{codes}.qwb"
    if not path.exists():
        build_project(path.with_suffix(".building"), codes).replace(path)
    best = float("inf")
    pages = n_codes = 0
    with Project.open(path, read_only=True) as project:
        n_codes = project.info().codes
        for _ in range(repeat):
            begin = time.perf_counter()
            _, pages, _ = codebook_pdf_bytes(project, CodebookOptions(toc=True))
            best = min(best, time.perf_counter() - begin)
    return best, pages, n_codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    targets = {300: 3.0, 1000: 10.0}
    for codes in args.codes:
        seconds, pages, n_codes = measure(codes, args.repeat)
        target = targets.get(codes)
        verdict = "" if target is None else (" ok" if seconds <= target else " SLOW")
        limit = f" (target ≤ {target:g} s){verdict}" if target else ""
        print(
            f"codebook PDF, {n_codes:,} codes with TOC and quotes, {pages} pages: "
            f"{seconds:.2f} s{limit}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
