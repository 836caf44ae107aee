"""Checks, before anything is installed, that this machine can run the workbench.

Run with the system Python (standard library only): ``python3 -m workbench.system_check``.
With ``--packages`` it prints just the Debian package names that are missing (for CI); with
``--installer`` as well it adds the libraries the Linux bundle should carry (``make installer``).
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import sys

MIN_PYTHON = (3, 11)
# Shared libraries Qt needs even offscreen, with the Debian/Ubuntu package that provides each.
QT_LIBRARIES = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "freetype": "libfreetype6",
    "dbus-1": "libdbus-1-3",
    "glib-2.0": "libglib2.0-0",
}
# Libraries Qt Multimedia and its FFmpeg plugin load (the recording player): PulseAudio for sound,
# and what the bundled FFmpeg links (``readelf -d`` on plugins/multimedia and lib/libav*).
MEDIA_LIBRARIES = {
    "pulse": "libpulse0",
    "X11": "libx11-6",
    "Xext": "libxext6",
    "Xrandr": "libxrandr2",
    "drm": "libdrm2",
    "bz2": "libbz2-1.0",
    "z": "zlib1g",
}
# Libraries of Qt's X11 platform plugin: a desktop has them, a build machine may not; the bundle
# carries them so it runs wherever glibc is recent enough.
BUNDLE_LIBRARIES = {
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_packages(*, installer: bool = False) -> list[str]:
    missing: list[str] = []
    if importlib.util.find_spec("ensurepip") is None:
        missing.append(f"python3.{sys.version_info.minor}-venv")
    if sys.platform.startswith("linux"):
        wanted = {**QT_LIBRARIES, **MEDIA_LIBRARIES, **(BUNDLE_LIBRARIES if installer else {})}
        for lib, package in wanted.items():
            if ctypes.util.find_library(lib) is None:
                missing.append(package)
    return missing


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        print(
            f"The workbench needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; "
            f"this is {sys.version.split()[0]}. Install a newer python3 and run make again.",
            file=sys.stderr,
        )
        return 1
    missing = missing_packages(installer="--installer" in argv)
    if "--packages" in argv:
        print(" ".join(missing))
        return 0
    if missing:
        print(
            "This machine lacks system libraries the workbench needs:\n"
            f"    sudo apt-get install {' '.join(missing)}\n"
            "(on Fedora: sudo dnf install mesa-libEGL libxkbcommon fontconfig dbus-libs glib2\n"
            "    pulseaudio-libs libX11 libXext libXrandr libdrm bzip2-libs zlib)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
