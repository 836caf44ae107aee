"""The sources list's first batch (issue 18: open is sublinear): the first sources in the list's
own order, with the counts of those sources only, and how many sources there are."""

from __future__ import annotations

from workbench.core.project import Project

CODER = "Maya Chen"
NAMES = ["zeta", "Émile", "apple", "Banana", "banana 2", "Ölfass", "cherry", "Apple pie"]


def _fill(project: Project) -> None:
    code = project.codebook.add(name="Theme", coder=CODER).created[0]
    for i, name in enumerate(NAMES):
        source = project.sources.add(name=name, text=f"Text of {name}. " * 3, coder=CODER)
        for start in range(i % 3):  # 0, 1 or 2 codings
            project.codings.apply(
                source=source.created[-1], code=code, start=start, end=start + 4, coder=CODER
            )


def test_the_first_sources_are_those_the_full_list_starts_with(project: Project) -> None:
    _fill(project)
    every = sorted(project.sources.list(), key=lambda s: s.name.casefold())
    assert any(s.codings for s in every[:3]) and any(not s.codings for s in every[:3])
    for count in (0, 1, 3, len(NAMES), len(NAMES) + 5):
        first, total = project.sources.first(count=count)
        assert first == every[:count]
        assert total == len(NAMES)


def test_a_read_with_a_small_cache_gives_the_connection_its_cache_back(project: Project) -> None:
    def cache_size(small: bool) -> int:
        with project.read(small_cache=small) as s:
            return int(s.connection().exec_driver_sql("PRAGMA cache_size").scalar_one())

    usual = cache_size(False)
    assert cache_size(True) > usual  # fewer KiB: negative sizes are in KiB
    assert [cache_size(False) for _ in range(6)] == [usual] * 6  # every pooled connection
    assert project.sources.list(small_cache=True) == project.sources.list()
