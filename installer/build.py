"""``make installer``: build the Linux one-folder bundle and its .tar.gz, then smoke-test it.

    python installer/build.py [--skip-build]

Steps: render the icons; run PyInstaller (installer/workbench.spec); on Linux shrink the bundle
(strip debug symbols, drop libraries nothing links to, trim ICU's data to what Qt reads) and add
the desktop entry, the .qwb MIME type, the icons and install.sh; pack
dist/QualitativeWorkbench-VERSION-linux-ARCH.tar.gz; then run the frozen app's --self-test
offscreen and open a .qwb given on its command line. Prints the build time and the bundle size
(also after each shrinking step).
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
        print(f"size        {megabytes(BUNDLE)} after PyInstaller", flush=True)
        for step in (strip_debug_symbols, prune_unlinked_libraries, trim_icu_data):
            step()
            print(f"size        {megabytes(BUNDLE)} after {step.__name__}", flush=True)
        share = BUNDLE / "share"
        share.mkdir(exist_ok=True)
        for name in ("qualitative-workbench.desktop", "qualitative-workbench.xml"):
            shutil.copy2(HERE / "linux" / name, share / name)
        shutil.copytree(BUILD / "icons" / "hicolor", share / "icons" / "hicolor",
                        dirs_exist_ok=True)
        shutil.copy2(HERE / "linux" / "install.sh", BUNDLE / "install.sh")


def strip_debug_symbols() -> None:
    """Drop the debug symbols of libpython, and every symbol but the dynamic ones of the standard
    library's extension modules and the wheels' extension modules that auditwheel left alone
    (no RPATH): ~33 MB, 7 of them in SQLAlchemy's Cython modules. Libraries a wheel vendors are
    left whole: stripping patchelf-ed files breaks them."""
    if shutil.which("strip") is None:
        print("note: `strip` not found; the bundle keeps its debug symbols", flush=True)
        return
    internal = BUNDLE / "_internal"
    run(["strip", "--strip-debug", *map(str, internal.glob("libpython3*.so*"))])
    modules = [*internal.glob("python3*/lib-dynload/*.so")]
    if shutil.which("readelf") is not None:
        found = [p for p in internal.rglob("*.so") if ".cpython-" in p.name or ".abi3." in p.name]
        modules += [
            p for p in found
            if p not in modules and not p.is_symlink() and "PATH" not in _dynamic(p)
        ]
    if modules:
        # An extension module needs only its dynamic symbols (PyInit_…): the rest of its symbol
        # table goes too (cryptography's Rust module alone: 14.7 → 12.0 MB).
        run(["strip", "--strip-unneeded", *map(str, modules)])


def _dynamic(binary: Path) -> str:
    """``binary``'s dynamic section as readelf prints it (NEEDED, RPATH, RUNPATH, SONAME…)."""
    return subprocess.run(
        ["readelf", "-d", str(binary)], capture_output=True, text=True, check=False
    ).stdout


def _needed(binary: Path) -> list[str]:
    """The sonames ``binary`` links to (its DT_NEEDED entries)."""
    return [line.split("[", 1)[1].split("]", 1)[0] for line in _dynamic(binary).splitlines()
            if "(NEEDED)" in line]


def prune_unlinked_libraries() -> None:
    """Drop the shared libraries (at the top of _internal, or vendored by a wheel in *.libs)
    that nothing left in the bundle links to. PyInstaller collects the dependencies of every Qt
    plugin before the spec leaves plugins out, so the GTK theme plugin's GTK stack (cairo,
    pango, gio…) came along for nothing (~9 MB); so do the libraries of Pillow's left-out
    modules. Starts from what Python and Qt load themselves: extension modules, plugins,
    libpython."""
    if shutil.which("readelf") is None:
        print("note: `readelf` not found; libraries nothing links to stay", flush=True)
        return
    internal = BUNDLE / "_internal"
    by_name: dict[str, list[Path]] = {}
    for path in internal.rglob("*.so*"):
        by_name.setdefault(path.name, []).append(path.resolve())
    roots = [EXE, *internal.glob("libpython3*.so*")]
    roots += [p for p in internal.rglob("*.so") if ".cpython-" in p.name or ".abi3." in p.name]
    roots += internal.glob("PySide6/Qt/plugins/*/*.so")
    reached: set[Path] = set()
    stack = [p.resolve() for p in roots]
    while stack:
        binary = stack.pop()
        if binary not in reached:
            reached.add(binary)
            stack += [p for name in _needed(binary) for p in by_name.get(name, ())]
    for path in [*internal.glob("*.so*"), *internal.glob("*.libs/*.so*")]:
        if path.resolve() not in reached:
            path.unlink()


# ICU data Qt never reads: break iterators and dictionaries (Qt finds boundaries itself),
# transliteration, spelled-out numbers, display names of languages, regions, currencies, units
# and time zones, character names, confusables, string preparation profiles, and the locale
# bundles of the main tree (QLocale has its own CLDR data). Kept: collation, case mapping,
# normalization, converters (QCollator, QString, QStringDecoder) and the time-zone rules.
ICU_UNUSED_FOLDERS = ("brkitr", "translit", "rbnf", "lang", "region", "curr", "unit", "zone")
ICU_UNUSED_FILES = ("unames.icu", "confusables.cfu")
ICU_KEPT_BUNDLES = ("root.res", "pool.res", "res_index.res")


def _icu_unused(item: str) -> bool:
    if item.split("/", 1)[0] in ICU_UNUSED_FOLDERS or item in ICU_UNUSED_FILES:
        return True
    if item.endswith(".spp"):
        return True
    language = item.removesuffix(".res").split("_", 1)[0]  # "de_CH.res" → "de"
    return (
        item.endswith(".res")
        and "/" not in item
        and item not in ICU_KEPT_BUNDLES
        and 2 <= len(language) <= 3
        and language.isalpha()
        and language.islower()
    )


def trim_icu_data() -> None:
    """Rebuild Qt's libicudata (31 MB) with only the ICU data Qt reads (about 10 MB): take the
    data package out of the library (its one symbol, icudtNN_dat), drop the unused items with
    icupkg and assemble the rest into a library of the same name with genccode and gcc."""
    tools = ("icupkg", "genccode", "gcc", "nm", "readelf")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    libraries = [p for p in (BUNDLE / "_internal").rglob("libicudata.so.*") if not p.is_symlink()]
    if missing or not libraries:
        print(f"note: ICU data left whole (missing: {', '.join(missing) or 'libicudata'};"
              " apt-get install icu-devtools gcc binutils)", flush=True)
        return
    library = libraries[0]
    symbols = run(["nm", "-D", "-S", "--defined-only", str(library)], capture_output=True).stdout
    address, size, _, symbol = next(
        line.split() for line in symbols.splitlines() if line.endswith("_dat")
    )
    sections = run(["readelf", "-S", "-W", str(library)], capture_output=True).stdout
    fields = next(line.split("]", 1)[1].split() for line in sections.splitlines()
                  if "] .rodata " in line)
    rodata_address, rodata_offset = int(fields[2], 16), int(fields[3], 16)
    start = int(address, 16) - rodata_address + rodata_offset
    soname = next(line.split("[", 1)[1].split("]", 1)[0]
                  for line in _dynamic(library).splitlines() if "(SONAME)" in line)
    entry = symbol.removesuffix("_dat")
    package = f"{entry}{sys.byteorder[0]}.dat"  # icupkg wants the name its items are under
    with tempfile.TemporaryDirectory(prefix="workbench-icu-") as folder:
        work = Path(folder)
        (work / "trimmed").mkdir()
        full, trimmed = work / package, work / "trimmed" / package
        with library.open("rb") as handle:
            handle.seek(start)
            full.write_bytes(handle.read(int(size, 16)))
        items = run(["icupkg", "-l", str(full)], capture_output=True).stdout.split()
        unused = work / "unused.txt"
        unused.write_text("\n".join(item for item in items if _icu_unused(item)) + "\n")
        run(["icupkg", "-r", str(unused), str(full), str(trimmed)])
        run(["genccode", "--assembly", "gcc", "--entrypoint", entry,
             "-d", str(work), str(trimmed)])
        assembly = next(work.glob("*.S"))
        rebuilt = work / soname
        run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(rebuilt),
             str(assembly)])
        shutil.copyfile(rebuilt, library)


def pack() -> Path:
    arch = platform.machine().lower() or "x86_64"
    archive = DIST / f"{NAME}-{version()}-linux-{arch}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(BUNDLE, arcname=NAME)
    return archive


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(folder: Path) -> str:
    return f"{size_of(folder) / 1e6:.1f} MB"


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
    print(f"\nbundle      {BUNDLE.relative_to(ROOT)}  {megabytes(BUNDLE)} unpacked")
    if archive is not None:
        print(f"archive     {archive.relative_to(ROOT)}  {archive.stat().st_size / 1e6:.1f} MB")
    total = time.perf_counter() - began
    print(f"build time  {built:.0f} s (icons + PyInstaller); with the smoke test {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
