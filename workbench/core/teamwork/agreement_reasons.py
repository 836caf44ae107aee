"""Why an agreement row's undefined coefficients are undefined, in words (shared by the CSV,
XLSX and PDF exports, so that the PDF writer need not import the exporter that calls it)."""

from __future__ import annotations

from workbench.core.teamwork.agreement import AgreementRow

STAT_NAMES = {
    "percent_agreement": "percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
}


def reasons(row: AgreementRow) -> str:
    """Why the row's undefined values are undefined, one clause per statistic."""
    return "; ".join(
        f"{STAT_NAMES.get(name, name)}: {reason}"
        for name, reason in row.to_json()["reasons"].items()
        if reason
    )
