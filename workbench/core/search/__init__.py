"""Full-text search: ranked, phrase, wildcard and fuzzy queries with exact hit offsets.

Use it through ``project.search`` (:class:`SearchService`). The query language is described
in :mod:`workbench.core.search.query`; :func:`find_in_text` answers a query on one text.
"""

from __future__ import annotations

from workbench.core.search.coding import UNITS, coding_requests, hit_ranges
from workbench.core.search.filters import Condition, SearchFilters, parse_condition
from workbench.core.search.query import QueryError, parse_query
from workbench.core.search.results import IndexStatus, SearchHit, SearchOptions, SearchResult
from workbench.core.search.service import DEFAULT_LIMIT, SearchService, find_in_text

__all__ = [
    "DEFAULT_LIMIT",
    "UNITS",
    "Condition",
    "IndexStatus",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchOptions",
    "SearchResult",
    "SearchService",
    "coding_requests",
    "find_in_text",
    "hit_ranges",
    "parse_condition",
    "parse_query",
]
