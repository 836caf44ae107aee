#!/bin/sh
# Install the unpacked Qualitative Coding Workbench for this user (no root needed):
# the program under ~/.local/opt, a `workbench` command, the menu entry, the icon and the
# .qwb file type so a double-click opens a project. Run it again to update; --uninstall removes.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
OPT=$HOME/.local/opt/qualitative-workbench
BIN=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$OPT" "$BIN/workbench" "$DATA/applications/qualitative-workbench.desktop" \
        "$DATA/mime/packages/qualitative-workbench.xml"
    find "$DATA/icons/hicolor" -name 'qualitative-workbench.*' -delete 2>/dev/null || true
    echo "Removed. Your projects (.qwb files) and backups were not touched."
    exit 0
fi

if [ "$HERE" = "$OPT" ]; then
    echo "Run install.sh from the unpacked download, not from $OPT." >&2
    exit 1
fi
mkdir -p "$OPT" "$BIN" "$DATA/applications" "$DATA/mime/packages"
rm -rf "$OPT"
cp -R "$HERE" "$OPT"
ln -sf "$OPT/workbench" "$BIN/workbench"
sed "s|^Exec=workbench|Exec=$OPT/workbench|" "$HERE/share/qualitative-workbench.desktop" \
    > "$DATA/applications/qualitative-workbench.desktop"
cp "$HERE/share/qualitative-workbench.xml" "$DATA/mime/packages/"
for dir in "$HERE"/share/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$dir")")
    mkdir -p "$DATA/icons/hicolor/$size/apps" "$DATA/icons/hicolor/$size/mimetypes"
    cp "$dir/qualitative-workbench.png" "$DATA/icons/hicolor/$size/apps/"
    cp "$dir/qualitative-workbench.png" \
        "$DATA/icons/hicolor/$size/mimetypes/application-x-qualitative-workbench.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$DATA/icons/hicolor" || true
echo "Installed. Start it from your applications menu, with 'workbench', or by opening a .qwb file."
