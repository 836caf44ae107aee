"""Teamwork: copies for coders, three-way merges of their work, inter-coder agreement, consensus.

The public API, for the GUI and the CLI (all Qt-free; run merges and agreement in a worker):

- ``share_copy(project, out, coder=, blind=)`` · ``pseudonymize_copy(project, out, mapping=,
  coder=, blind=)`` · ``suggest_mapping(project)``
- ``plan_merge(project, other)`` → ``MergePlan`` (show ``plan.report``) → ``apply_merge(project,
  plan, coder=, choices={key: "mine"|"theirs"}, prefer=)`` → ``MergeOutcome``
- ``undoable_merge(project)`` → ``UndoableMerge | None``; ``undo_merge(project, outcome=None,
  coder=)`` → ``MergeUndone`` (back to the backup written before the merge, while it is the
  latest change); ``why_no_undo(project)`` says why not
- ``agreement(project, coders=, unit=, codes=, sources=, only_done=)`` → ``AgreementReport``;
  ``write_agreement(report, path)`` (.csv/.xlsx/.pdf)
- ``disagreements(project, coders=, source=, codes=)`` → ``[Disagreement]``;
  ``resolve(project, disagreement, resolution=, coder=, keep=, start=, end=, apply_to=)``
"""

from workbench.core.teamwork.agreement import AgreementReport, AgreementRow, agreement
from workbench.core.teamwork.agreement_export import write_agreement
from workbench.core.teamwork.agreement_stats import Stat
from workbench.core.teamwork.agreement_units import DEFAULT_UNIT, UNIT_CAVEATS, UNITS, Unit
from workbench.core.teamwork.consensus import Disagreement, Resolution, disagreements, resolve
from workbench.core.teamwork.merge import apply_merge, merge_copy, plan_merge
from workbench.core.teamwork.merge_report import (
    Choice,
    MergeConflict,
    MergeOutcome,
    MergePlan,
    MergeReport,
)
from workbench.core.teamwork.merge_undo import (
    MergeUndone,
    UndoableMerge,
    undo_merge,
    undoable_merge,
    why_no_undo,
)
from workbench.core.teamwork.pseudonymize import (
    PseudonymReport,
    pseudonymize_copy,
    suggest_mapping,
)
from workbench.core.teamwork.share_copy import ShareResult, share_copy

__all__ = [
    "DEFAULT_UNIT",
    "UNITS",
    "UNIT_CAVEATS",
    "AgreementReport",
    "AgreementRow",
    "Choice",
    "Disagreement",
    "MergeConflict",
    "MergeOutcome",
    "MergePlan",
    "MergeReport",
    "MergeUndone",
    "PseudonymReport",
    "Resolution",
    "ShareResult",
    "Stat",
    "UndoableMerge",
    "Unit",
    "agreement",
    "apply_merge",
    "disagreements",
    "merge_copy",
    "plan_merge",
    "pseudonymize_copy",
    "resolve",
    "share_copy",
    "suggest_mapping",
    "undo_merge",
    "undoable_merge",
    "why_no_undo",
    "write_agreement",
]
