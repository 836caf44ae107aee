"""Regenerate every screenshot in docs/ from a fresh demo project (``make screenshots``), so
none goes stale: each is the real window rendered offscreen, and the report page is the real
findings PDF turned into PNG by pdftoppm (poppler-utils)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SYNC = "Communication Methods/Synchronous"
TIME_ZONES = "Challenges and Solutions/Time Zone Management"

# name: arguments for `main.py --screenshot` (after the project path)
SHOTS: dict[str, list[str]] = {
    "coding-desk.png": ["--source", "P07", "--code", SYNC],
    "compare-coders.png": ["--source", "P07", "--compare", "Maya Chen,Tomás Rivera"],
    "first-hour-1-read.png": ["--source", "P03", "--show", "memos"],
    "first-hour-2-code.png": ["--source", "P07", "--code", TIME_ZONES, "--show", "segments"],
    "first-hour-3-map.png": ["--show", "map"],
    "first-hour-4-review.png": ["--show", "reports", "--code", TIME_ZONES],
    "first-hour-5-define.png": ["--code", TIME_ZONES, "--show", "editor"],
    "laptop-1366x768.png": ["--size", "1366x768", "--source", "P07", "--code", SYNC],
}


INTERVIEW = [  # (speaker, words) of the recorded interview in the "recordings" screenshot
    ("Interviewer", "Thanks for joining. How did the mentoring start for you?"),
    ("P31", "We were matched through the alumni network, and the first call was on Zoom."),
    ("Interviewer", "What was that first call like?"),
    ("P31", "Honestly awkward. I read my questions off a sticky note like a job interview."),
    ("P31", "Then she asked me to share my screen and show her what I was working on."),
    ("Interviewer", "And that changed things?"),
    ("P31", "Completely. We debugged together for an hour and I stopped being nervous."),
    ("Interviewer", "How do you keep in touch between calls?"),
    ("P31", "Mostly Slack. Short questions there, the long ones wait for Friday's call."),
    ("Interviewer", "Does the time difference get in the way?"),
    ("P31", "A little. She is six hours ahead, so my evening questions wait until her morning."),
    ("Interviewer", "Thank you, that is really helpful."),
]


def write_interview(folder: Path) -> tuple[Path, Path]:
    """A spoken-sounding WAV (tones in a syllable rhythm, pauses between turns) and its VTT."""
    import math
    import random
    import wave
    from array import array

    rate, rng = 8000, random.Random(31)
    samples, cues, at = array("h"), ["WEBVTT", ""], 0.0
    for speaker, words in INTERVIEW:
        length = 0.9 + 0.32 * len(words.split())
        pitch = 120 if speaker == "P31" else 190
        loud = 7000 if speaker == "P31" else 11000
        for i in range(int(length * rate)):
            t = i / rate
            syllable = max(0.0, math.sin(2 * math.pi * 3.3 * t + rng.random() * 0.2))
            samples.append(round(loud * syllable * math.sin(2 * math.pi * pitch * t)))
        gap = rng.uniform(0.4, 1.1)
        samples.extend([0] * int(gap * rate))
        cues += [f"{_stamp(at)} --> {_stamp(at + length)}", f"<v {speaker}>{words}", ""]
        at += length + gap
    wav, vtt = folder / "P31 video call.wav", folder / "P31 video call.vtt"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    vtt.write_text("\n".join(cues), encoding="utf-8")
    return wav, vtt


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def run(*args: str) -> None:
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.qwb"
        run(sys.executable, "-m", "workbench.cli.main", "demo", str(demo))
        run(sys.executable, "main.py", "--screenshot", str(OUT / "welcome.png"))
        for name, extra in SHOTS.items():
            run(sys.executable, "main.py", str(demo), "--screenshot", str(OUT / name), *extra)
            print(f"docs/screenshots/{name}")
        wav, vtt = write_interview(Path(folder))
        cli = (sys.executable, "-m", "workbench.cli.main")
        run(*cli, "import", str(demo), str(wav), "--transcript", str(vtt))
        for code, start, end in ((SYNC, 3800, 14000), (TIME_ZONES, 52000, 60000)):
            run(*cli, "code", str(demo), "--source", wav.stem, "--code", code,
                "--start-ms", str(start), "--end-ms", str(end))  # fmt: skip
        shot = OUT / "recordings.png"
        run(sys.executable, "main.py", str(demo), "--screenshot", str(shot), "--size", "1400x900",
            "--source", wav.stem, "--code", SYNC)  # fmt: skip
        print("docs/screenshots/recordings.png")
        pdf = Path(folder) / "findings.pdf"
        run(sys.executable, "-m", "workbench.cli.main", "export-findings", str(demo), str(pdf))
        if shutil.which("pdftoppm") is None:
            print(
                "pdftoppm not found (Debian: apt-get install poppler-utils): "
                "first-hour-6-report.png not made",
                file=sys.stderr,
            )
            return 1
        page = Path(folder) / "page"
        run("pdftoppm", "-png", "-r", "70", "-f", "3", "-l", "3", str(pdf), str(page))
        made = sorted(Path(folder).glob("page*.png"))
        shutil.copyfile(made[0], OUT / "first-hour-6-report.png")
        print("docs/screenshots/first-hour-6-report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
