"""Agreement on media codings by time unit: each second of a recording is a unit."""

from __future__ import annotations

import pytest
from recorded_study import Recorded, recorded_fixture  # noqa: F401 (the fixture)

from workbench.core.teamwork.agreement import agreement
from workbench.core.teamwork.agreement_media import seconds


def test_seconds_are_bins_of_the_recording() -> None:
    assert seconds(2500) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert seconds(0) == []


def test_agreement_by_second_compares_media_codings(recorded: Recorded) -> None:
    p = recorded.project
    p.sources.add(name="Notes", text="No recording here.", coder="Ann")
    report = agreement(p, coders=["Ann", "Ben"], unit="second", only_done=False)
    assert report.unit == "second"
    assert report.sources == ("P01",)
    rows = {row.code: row for row in report.per_code}
    # Joy: Ann 0-1.5 s, Ben 0.2-1.2 s: both touch seconds 0 and 1; nobody 2 and 3
    joy = rows["Joy"]
    assert joy.units == 4 and joy.coded == {"Ann": 2.0, "Ben": 2.0}
    assert joy.percent_agreement.value == 100.0
    assert joy.cohen_kappa is not None and joy.cohen_kappa.value == pytest.approx(1.0)
    # Doubt: Ann 2.5-3.6 s (seconds 2, 3), Ben 1.5-2.2 s (seconds 1, 2): agree on 0 and 2
    doubt = rows["Doubt"]
    assert doubt.percent_agreement.value == 50.0
    assert doubt.cohen_kappa is not None and doubt.cohen_kappa.value == pytest.approx(0.0)
    assert report.overall.units == 8 and report.overall.percent_agreement.value == 75.0
    assert (
        "Left out: 1 source without a recording (the unit is a second of a recording)."
        in report.notes
    )
    assert "second of a recording" in report.caveat


def test_text_units_ignore_media_codings(recorded: Recorded) -> None:
    report = agreement(recorded.project, coders=["Ann", "Ben"], unit="segment", only_done=False)
    assert [row.code for row in report.per_code] == ["Joy"]  # Ann's one text coding
    # Ben coded only the recording: for the text he is missing, so nothing is compared
    assert report.overall.units == 0
    assert "Source 'P01': fewer than two coders coded it or marked it done." in report.notes
