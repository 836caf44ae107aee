#!/bin/sh
# Build the macOS app and its disk image (run on a Mac with Python 3.11+ and the Xcode tools):
#   python3 -m venv .venv && .venv/bin/pip install -e '.[installer]'
#   .venv/bin/python installer/make_icons.py build/icons
#   .venv/bin/python -m PyInstaller --noconfirm --clean installer/workbench.spec
#   sh installer/macos/make_dmg.sh
# Output: dist/QualitativeWorkbench-<version>.dmg holding "Qualitative Workbench.app" and a link
# to /Applications to drag it onto. Sign and notarize before publishing (codesign, notarytool).
set -eu
cd "$(dirname "$0")/../.."
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
APP="dist/Qualitative Workbench.app"
[ -d "$APP" ] || { echo "$APP is missing: run PyInstaller first." >&2; exit 1; }
STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Qualitative Workbench" -srcfolder "$STAGE" -ov -format UDZO \
    "dist/QualitativeWorkbench-$VERSION.dmg"
rm -rf "$STAGE"
echo "dist/QualitativeWorkbench-$VERSION.dmg"
