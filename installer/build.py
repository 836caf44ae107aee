"""``make installer``: build the Linux one-folder bundle and its .tar.gz, then smoke-test it.

    python installer/build.py [--skip-build]

Steps: render the icons; run PyInstaller (installer/workbench.spec); add the desktop entry, the
.qwb MIME type, the icons and install.sh; pack dist/QualitativeWorkbench-VERSION-linux-ARCH.tar.gz;
then run the frozen app's --self-test offscreen and open a .qwb given on its command line.
Prints the build time and the bundle size.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
NAME = "QualitativeWorkbench"
BUNDLE = DIST / NAME
EXE = BUNDLE / ("workbench.exe" if sys.platform == "win32" else "workbench")


def version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, check=True, text=True, **kwargs)  # type: ignore[call-overload]


def build() -> None:
    if sys.platform.startswith("linux"):
        sys.path.insert(0, str(ROOT))
        from workbench.system_check import BUNDLE_LIBRARIES, missing_packages

        lacking = [p for p in missing_packages(installer=True) if p in BUNDLE_LIBRARIES.values()]
        if lacking:
            print(
                "note: the bundle will rely on the user's system for these X11 libraries "
                f"(to carry them: apt-get install {' '.join(lacking)})",
                flush=True,
            )
    run([sys.executable, str(HERE / "make_icons.py"), str(BUILD / "icons")])
    run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
            str(HERE / "workbench.spec"),
        ]
    )
    if sys.platform.startswith("linux"):
        strip_interpreter()
        share = BUNDLE / "share"
        share.mkdir(exist_ok=True)
        for name in ("qualitative-workbench.desktop", "qualitative-workbench.xml"):
            shutil.copy2(HERE / "linux" / name, share / name)
        shutil.copytree(BUILD / "icons" / "hicolor", share / "icons" / "hicolor",
                        dirs_exist_ok=True)
        shutil.copy2(HERE / "linux" / "install.sh", BUNDLE / "install.sh")


def strip_interpreter() -> None:
    """Drop the debug symbols of libpython and the standard library's extension modules
    (~20 MB). Wheels' own libraries are left alone: stripping patchelf-ed files breaks them."""
    if shutil.which("strip") is None:
        print("note: `strip` not found; the bundle keeps Python's debug symbols", flush=True)
        return
    internal = BUNDLE / "_internal"
    targets = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    if targets:
        run(["strip", "--strip-debug", *map(str, targets)])


def pack() -> Path:
    arch = platform.machine().lower() or "x86_64"
    archive = DIST / f"{NAME}-{version()}-linux-{arch}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(BUNDLE, arcname=NAME)
    return archive


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def smoke_test() -> None:
    """The frozen app passes its self-test and opens a project named on its command line."""
    with tempfile.TemporaryDirectory(prefix="workbench-smoke-") as folder:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": folder,
            "XDG_CONFIG_HOME": str(Path(folder) / "config"),
            "WORKBENCH_DATA_DIR": str(Path(folder) / "data"),
            "WORKBENCH_CACHE_DIR": str(Path(folder) / "cache"),
        }
        run([str(EXE), "--self-test"], env=env, timeout=300)
        project = Path(folder) / "Opened by double-click.qwb"
        code = "from workbench.core.demo import build_demo; import sys; build_demo(sys.argv[1])"
        run([sys.executable, "-c", code, str(project)])
        shot = Path(folder) / "opened.png"
        run([str(EXE), str(project), "--screenshot", str(shot), "--source", "P01"], env=env,
            timeout=300)
        if not shot.exists() or shot.stat().st_size < 50_000:
            raise SystemExit("the frozen app did not open the project given on its command line")
        print(f"ok    the frozen app opened {project.name} from its command line", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true", help="only pack and smoke-test")
    args = parser.parse_args()
    began = time.perf_counter()
    if not args.skip_build:
        build()
    built = time.perf_counter() - began
    archive = pack() if sys.platform.startswith("linux") else None
    smoke_test()
    print(f"\nbundle      {BUNDLE.relative_to(ROOT)}  {size_of(BUNDLE) / 1e6:.1f} MB unpacked")
    if archive is not None:
        print(f"archive     {archive.relative_to(ROOT)}  {archive.stat().st_size / 1e6:.1f} MB")
    total = time.perf_counter() - began
    print(f"build time  {built:.0f} s (icons + PyInstaller); with the smoke test {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
