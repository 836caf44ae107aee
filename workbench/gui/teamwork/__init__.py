"""Teamwork in the GUI: a copy for a coder, merging a coder's copy back (with a review of the
conflicts), and the inter-coder agreement view with consensus on disagreements.

For the window's menus: ``share_copy_dialog(parent, session)``, ``merge_copy_flow(parent,
session)``, ``MergeUndoOffer(action, window)`` (Undo the last merge) and the
``AgreementPanel(session)`` dock."""

from workbench.gui.teamwork.agreement_panel import AgreementPanel
from workbench.gui.teamwork.merge_review import MergeReviewDialog, merge_copy_flow
from workbench.gui.teamwork.merge_undo import MergeUndoOffer, undo_merge_flow
from workbench.gui.teamwork.share_dialog import ShareOptions, ShareOptionsDialog, share_copy_dialog

__all__ = [
    "AgreementPanel",
    "MergeReviewDialog",
    "MergeUndoOffer",
    "ShareOptions",
    "ShareOptionsDialog",
    "merge_copy_flow",
    "share_copy_dialog",
    "undo_merge_flow",
]
