"""workbench-cli with recordings: import with a transcript, attach, relink, code time ranges,
media folders, and the media fields of `sources --json` and `segments --json`."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from media_files import write_wav

from workbench.cli.main import main

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
<v Anna>We met on Zoom.

00:00:01.000 --> 00:00:02.000
<v Ben>And then on Slack.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sources(capsys: pytest.CaptureFixture[str], qwb: Path, *extra: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "sources", str(qwb), "--json", *extra)
    assert code == 0, err
    return list(json.loads(out))


@pytest.fixture
def qwb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("WORKBENCH_CODER", "Maya Chen")
    path = tmp_path / "study.qwb"
    assert run(capsys, "new", str(path), "--name", "Study")[0] == 0
    book = tmp_path / "book.json"
    book.write_text(
        json.dumps({"themes": [{"name": "Tools", "categories": [{"name": "Zoom"}]}]}), "utf-8"
    )
    assert run(capsys, "codebook-import", str(path), str(book))[0] == 0
    return path


def test_import_a_recording_with_its_transcript_code_it_and_list_it(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = write_wav(tmp_path / "P01.wav", 2.0)
    transcript = tmp_path / "P01.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    code, out, err = run(
        capsys, "import", str(qwb), str(recording), "--transcript", str(transcript)
    )
    assert code == 0, err
    assert "imported  P01.wav with P01.vtt as 'P01'" in out
    (source,) = sources(capsys, qwb)
    assert source["media"] == {
        "path": "P01.wav",
        "size": recording.stat().st_size,
        "sha256": source["media"]["sha256"],  # type: ignore[index]
        "duration_ms": 2000,
        "kind": "audio",
        "found": True,
    }
    _, text, _ = run(capsys, "text", str(qwb), "--source", "P01")
    start = text.index("Slack")
    args = ("--source", "P01", "--code", "Tools/Zoom")
    assert (
        run(capsys, "code", str(qwb), *args, "--start", str(start), "--end", str(start + 5))[0] == 0
    )
    code, out, _ = run(capsys, "code", str(qwb), *args, "--start-ms", "250", "--end-ms", "750")
    assert code == 0 and "Coded P01 250-750 ms with Tools/Zoom" in out
    code, out, _ = run(capsys, "segments", str(qwb), "--json")
    timed, media = json.loads(out)
    assert (timed["start"], timed["start_ms"], timed["end_ms"]) == (start, 1000, 2000)
    assert (media["start"], media["end"], media["start_ms"], media["end_ms"]) == (
        None,
        None,
        250,
        750,
    )
    assert media["code"] == "Tools/Zoom" and media["source"] == "P01"
    _, out, _ = run(capsys, "codes", str(qwb), "--json")
    assert json.loads(out)[0]["total_codings"] == 2


def test_an_undecodable_recording_is_refused_and_nothing_is_written(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "call.m4a"
    fake.write_bytes(b"not really audio " * 300)
    before = qwb.read_bytes()
    code, out, err = run(capsys, "import", str(qwb), str(fake))
    assert code == 1 and "0 of 1 file imported" in out
    assert "call.m4a: cannot be used as a recording: this M4A file" in err
    assert "Traceback" not in err
    assert sources(capsys, qwb) == [] and qwb.read_bytes() == before


def test_a_moved_recording_is_found_in_media_folders_and_relinked(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "P02.txt"
    doc.write_text("Interviewer: Hello?\nP02: Hi.\n", encoding="utf-8")
    assert run(capsys, "import", str(qwb), str(doc))[0] == 0
    assert sources(capsys, qwb)[0]["media"] is None
    recording = write_wav(tmp_path / "P02.wav", 1.0)
    assert run(capsys, "attach-media", str(qwb), "--source", "P02", str(recording))[0] == 0
    library = tmp_path / "library" / "2024"
    library.mkdir(parents=True)
    write_wav(library / "decoy.wav", 1.0, pitch=300)  # the same size, another recording
    moved = library / "renamed.wav"
    recording.rename(moved)
    assert sources(capsys, qwb)[0]["media"]["found"] is False  # type: ignore[index]
    found = sources(capsys, qwb, "--media-folder", str(tmp_path / "library"))
    assert found[0]["media"]["found"] is True  # type: ignore[index]
    code, out, _ = run(capsys, "media-folders", "--add", str(tmp_path / "library"))
    assert code == 0 and str((tmp_path / "library").resolve()) in out
    assert sources(capsys, qwb)[0]["media"]["found"] is True  # type: ignore[index]
    code, _, err = run(capsys, "relink", str(qwb), "--source", "P02", str(library / "decoy.wav"))
    assert code == 1 and "is not the recording this source was linked to" in err
    assert run(capsys, "relink", str(qwb), "--source", "P02", str(moved))[0] == 0
    media = sources(capsys, qwb)[0]["media"]
    assert media["path"] == "library/2024/renamed.wav" and media["found"]  # type: ignore[index]
    code, _, _ = run(
        capsys, "relink", str(qwb), "--source", "P02", str(library / "decoy.wav"), "--force"
    )
    assert code == 0


def test_code_needs_a_whole_range(qwb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "code", str(qwb), "--source", "P", "--code", "Tools/Zoom", "--start-ms", "5"
    )
    assert code == 1 and "Give both --start-ms and --end-ms" in err


def test_a_transcript_needs_exactly_one_recording(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "t.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    doc = tmp_path / "P03.txt"
    doc.write_text("P03: Hello.\n", encoding="utf-8")
    before = qwb.read_bytes()
    for files in ([doc], [write_wav(tmp_path / "a.wav"), write_wav(tmp_path / "b.wav")]):
        code, _, err = run(
            capsys, "import", str(qwb), *map(str, files), "--transcript", str(transcript)
        )
        assert code == 1 and "--transcript goes with exactly one recording" in err
    assert qwb.read_bytes() == before


def _clip_ms(path: Path) -> int:
    with av.open(str(path)) as clip:
        stream = clip.streams.audio[0]
        assert stream.duration is not None and stream.time_base is not None
        return int(stream.duration * stream.time_base * 1000)


def test_clip_cuts_a_media_coding_and_a_synced_text_coding(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = write_wav(tmp_path / "P01.wav", 2.0)
    transcript = tmp_path / "P01.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    assert run(capsys, "import", str(qwb), str(recording), "--transcript", str(transcript))[0] == 0
    _, text, _ = run(capsys, "text", str(qwb), "--source", "P01")
    start = text.index("Slack")
    args = ("--source", "P01", "--code", "Tools/Zoom")
    run(capsys, "code", str(qwb), *args, "--start", str(start), "--end", str(start + 5))
    run(capsys, "code", str(qwb), *args, "--start-ms", "250", "--end-ms", "750")
    _, out, _ = run(capsys, "segments", str(qwb), "--json")
    timed, media = json.loads(out)
    code, out, err = run(
        capsys, "clip", str(qwb), "--coding", media["uuid"], str(tmp_path / "a.wav")
    )
    assert code == 0, err
    assert "Wrote" in out and _clip_ms(tmp_path / "a.wav") == 500
    code, _, err = run(capsys, "clip", str(qwb), "--coding", timed["uuid"], str(tmp_path / "b.wav"))
    assert code == 0, err
    assert _clip_ms(tmp_path / "b.wav") == 1000  # the cue heard from 1 s to 2 s


def test_clip_says_clearly_what_is_wrong(
    qwb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "P02.txt"
    doc.write_text("Interviewer: Hello?\nP02: Hi.\n", encoding="utf-8")
    assert run(capsys, "import", str(qwb), str(doc))[0] == 0
    run(
        capsys,
        "code",
        str(qwb),
        "--source",
        "P02",
        "--code",
        "Tools/Zoom",
        "--start",
        "0",
        "--end",
        "5",
    )
    _, out, _ = run(capsys, "segments", str(qwb), "--json")
    untimed = json.loads(out)[0]["uuid"]
    clip = str(tmp_path / "c.wav")
    code, _, err = run(capsys, "clip", str(qwb), "--coding", "no-such-uuid", clip)
    assert code == 1 and "No coding 'no-such-uuid'" in err
    code, _, err = run(capsys, "clip", str(qwb), "--coding", untimed, clip)
    assert code == 1 and "has no time" in err
    (tmp_path / "P04.vtt").write_text(VTT, encoding="utf-8")  # cues, but no recording
    assert run(capsys, "import", str(qwb), str(tmp_path / "P04.vtt"))[0] == 0
    args = ("--source", "P04", "--code", "Tools/Zoom", "--start", "0", "--end", "5")
    assert run(capsys, "code", str(qwb), *args)[0] == 0
    _, out, _ = run(capsys, "segments", str(qwb), "--json")
    cued = next(s for s in json.loads(out) if s["source"] == "P04")["uuid"]
    code, _, err = run(capsys, "clip", str(qwb), "--coding", cued, clip)
    assert code == 1 and "'P04' has no recording" in err and "attach-media" in err
    recording = write_wav(tmp_path / "P03.wav", 1.0)
    assert run(capsys, "import", str(qwb), str(recording))[0] == 0
    run(
        capsys,
        "code",
        str(qwb),
        "--source",
        "P03",
        "--code",
        "Tools/Zoom",
        "--start-ms",
        "0",
        "--end-ms",
        "500",
    )
    _, out, _ = run(capsys, "segments", str(qwb), "--json")
    media = next(s for s in json.loads(out) if s["source"] == "P03")["uuid"]
    code, _, err = run(capsys, "clip", str(qwb), "--coding", media, str(tmp_path / "c.txt"))
    assert code == 1 and "c.txt: is not a clip format" in err and ".wav, .mp3" in err
    recording.rename(tmp_path / "gone.wav")
    code, _, err = run(capsys, "clip", str(qwb), "--coding", media, clip)
    assert code == 1 and "is not found on this machine: relink it" in err
    assert "Traceback" not in err and not Path(clip).exists()
