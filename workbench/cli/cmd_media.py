"""Recordings: import one with its transcript, attach, relink, code time ranges, and the
user's media folders (where recordings are looked for on this machine)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli import output
from workbench.core.errors import ValidationError, WorkbenchError
from workbench.core.importers.media import MEDIA_EXTENSIONS
from workbench.core.media.clips import CLIP_FORMATS, TO_THE_END, export_clip
from workbench.core.media.folders import SETTING, media_folders, save_media_folders
from workbench.core.project import Project
from workbench.core.reports.timed_segments import coding_time, with_times
from workbench.core.services.media_import import import_recording
from workbench.core.values import Segment

if TYPE_CHECKING:
    from workbench.cli.factory import CommandFactory

FOLDERS_HELP = (
    "also look for recordings under DIR (repeatable; added to the media folders kept in your "
    f"settings, see '{SETTING}')"
)


def is_recording(path: Path) -> bool:
    return path.suffix.lower() in MEDIA_EXTENSIONS


def import_recordings(args: argparse.Namespace, recordings: list[Path]) -> tuple[int, int]:
    """Import each recording as a source (the one given with --transcript gets its text);
    returns (imported, failed), having printed a line for each."""
    transcript = Path(args.transcript) if args.transcript else None
    if transcript is not None and len(recordings) != 1:
        raise ValidationError(
            "--transcript goes with exactly one recording; import the others on their own."
        )
    done = failed = 0
    with Project.open(args.project, app="workbench-cli") as project:
        for recording in recordings:
            try:
                changes = import_recording(
                    project, recording, transcript=transcript, embed=args.embed, coder=args.coder
                )
            except WorkbenchError as exc:
                print(f"failed    {exc}", file=sys.stderr)
                failed += 1
                continue
            with_text = f" with {transcript.name}" if transcript else ""
            name = changes.rows_of("source")[0].values["name"]
            print(f"imported  {recording.name}{with_text} as {name!r}")
            for message in changes.messages:
                print(f"note      {message}", file=sys.stderr)
            done += 1
    return done, failed


def cmd_attach_media(args: argparse.Namespace) -> int:
    with Project.open(args.project, app="workbench-cli") as project:
        source = project.sources.find(args.source)
        project.media.attach(
            source_id=source, path=Path(args.recording), embed=args.embed, coder=args.coder
        )
    how = "Embedded" if args.embed else "Linked"
    print(f"{how} {Path(args.recording).name} to {args.source}")
    return 0


def cmd_relink(args: argparse.Namespace) -> int:
    with Project.open(args.project, app="workbench-cli") as project:
        source = project.sources.find(args.source)
        project.media.relink(
            source_id=source, path=Path(args.recording), force=args.force, coder=args.coder
        )
    print(f"Relinked {args.source} to {Path(args.recording).name}")
    return 0


def code_time_range(project: Project, args: argparse.Namespace) -> bool:
    """Apply a code to --start-ms..--end-ms of a recording; True if it was new."""
    changes = project.media_codings.apply(
        source_id=project.sources.find(args.source),
        code_id=project.codebook.find(args.code),
        start_ms=args.start_ms,
        end_ms=args.end_ms,
        coder=args.coder,
    )
    return bool(changes.created)


def cmd_clip(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with Project.open(args.project, app="workbench-cli", read_only=True) as project:
        timed = coding_time(project, args.coding)
        if timed.start_ms is None:
            raise ValidationError(
                f"The coding {args.coding} in {timed.source!r} has no time: code a time range "
                "of its recording, or add sync points (timestamps) to its transcript."
            )
        if project.media.get(timed.source_uuid) is None:
            raise ValidationError(
                f"{timed.source!r} has no recording to cut a clip from: give it one with "
                f"'workbench-cli attach-media {args.project} --source {timed.source!r} REC'."
            )
        recording = project.media.locate(timed.source_uuid, media_folders=folders(args))
        if recording is None:
            raise ValidationError(
                f"The recording of {timed.source!r} is not found on this machine: relink it "
                f"('workbench-cli relink {args.project} --source {timed.source!r} REC') or add "
                "its folder with --media-folder."
            )
    clip = export_clip(recording, timed.start_ms, timed.end_ms or TO_THE_END, out)
    print(f"Wrote {out} ({clip.duration_ms} ms of {timed.source}; {', '.join(clip.streams)})")
    return 0


def folders(args: argparse.Namespace) -> list[Path]:
    """The media folders in the settings, then those given with --media-folder."""
    return [*media_folders(), *(Path(f) for f in getattr(args, "media_folder", None) or ())]


def media_json(project: Project, source: str, looked_in: list[Path]) -> dict[str, Any] | None:
    info = project.media.get(source)
    if info is None:
        return None
    found = info.embedded or project.media.locate(source, media_folders=looked_in) is not None
    return {
        "path": info.path,
        "size": info.size,
        "sha256": info.sha256,
        "duration_ms": info.duration_ms,
        "kind": info.kind,
        "found": found,
    }


def timed_segments(project: Project, segments: list[Segment]) -> list[dict[str, Any]]:
    """The segments' JSON, with ``start_ms``/``end_ms`` where the source's sync points say
    when the segment is heard (``end_ms`` None when the end is not known)."""
    out = []
    for seg in with_times(project, segments):
        item = output.segment_json(seg)
        if seg.start_ms is not None:
            item |= {"start_ms": seg.start_ms, "end_ms": seg.end_ms}
        out.append(item)
    return out


def media_segments(
    project: Project, *, code: str | None, coder: str | None, children: bool
) -> list[dict[str, Any]]:
    """Media codings as segments: no character range or text, a time range instead."""
    codes = {n.uuid: n for root in project.codebook.tree(with_counts=False) for n in root.walk()}
    wanted: set[str] | None = None
    if code is not None:
        wanted = {n.uuid for n in codes[code].walk()} if children else {code}
    names = {s.uuid: s.name for s in project.sources.list()}
    out: list[dict[str, Any]] = []
    for source_uuid, name in sorted(names.items(), key=lambda item: item[1]):
        for mc in project.media_codings.for_source(source_uuid):
            if (wanted is not None and mc.code_uuid not in wanted) or (coder and mc.coder != coder):
                continue
            out.append(
                {
                    "source": name,
                    "code": codes[mc.code_uuid].path,
                    "coder": mc.coder,
                    "start": None,
                    "end": None,
                    "text": "",
                    "cases": [],
                    "uuid": mc.uuid,
                    "start_ms": mc.start_ms,
                    "end_ms": mc.end_ms,
                }
            )
    return out


def cmd_media_folders(args: argparse.Namespace) -> int:
    kept = media_folders()
    if args.add or args.remove:
        gone = {str(Path(f).expanduser().resolve()) for f in args.remove}
        kept = [f for f in kept if str(f) not in gone] + [Path(f) for f in args.add]
        save_media_folders(kept)
        kept = media_folders()
    print("\n".join(str(f) for f in kept) or "(no media folders)")
    return 0


def register(factory: CommandFactory) -> None:
    """Recordings: attach, relink, media folders (import and code take recordings too)."""
    p = factory.command(
        "attach-media", "link a recording (audio or video) to a source, or embed it"
    )
    p.set_defaults(handler=cmd_attach_media)
    p.add_argument("--source", required=True, metavar="NAME")
    p.add_argument("recording", metavar="REC")
    p.add_argument("--embed", action="store_true", help="keep the recording inside the project")
    factory.coder_flag(p)
    p = factory.command("relink", "point a source at its recording after it moved")
    p.set_defaults(handler=cmd_relink)
    p.add_argument("--source", required=True, metavar="NAME")
    p.add_argument("recording", metavar="REC")
    p.add_argument("--force", action="store_true", help="accept a file other than the one linked")
    factory.coder_flag(p)
    p = factory.command("clip", "cut a coded segment's time range of its recording into a file")
    p.set_defaults(handler=cmd_clip)
    p.add_argument(
        "--coding",
        required=True,
        metavar="UUID",
        help="a coding's uuid (see "
        "'segments --json'): a media coding, or a text coding of a synced transcript",
    )
    p.add_argument("out", metavar="OUT", help=f"the clip file: {', '.join(CLIP_FORMATS)}")
    p.add_argument("--media-folder", action="append", metavar="DIR", help=FOLDERS_HELP)
    p = factory.plain(
        SETTING,
        help="show or change your media folders (where recordings are looked for)",
        description="Your media folders are kept in your user settings, not in projects: a "
        "moved recording is found under them by size and checksum.",
    )
    p.set_defaults(handler=cmd_media_folders)
    p.add_argument("--add", action="append", default=[], metavar="DIR")
    p.add_argument("--remove", action="append", default=[], metavar="DIR")
