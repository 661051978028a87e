#!/bin/sh
# Put Binwise in this user's desktop menu: the .desktop file into ~/.local/share/applications
# (its Exec pointing at this bundle's `binwise`) and the icon into the icon theme. Run it from the
# unpacked bundle: `sh binwise-VERSION/install-desktop.sh`. Run it again after moving the bundle.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps" \
  "$data/icons/hicolor/scalable/apps"
cp "$here/share/binwise.png" "$data/icons/hicolor/256x256/apps/binwise.png"
cp "$here/share/binwise.svg" "$data/icons/hicolor/scalable/apps/binwise.svg"
sed "s|^Exec=.*|Exec=\"$here/binwise\"|" "$here/share/binwise.desktop" \
  > "$data/applications/binwise.desktop"
update-desktop-database "$data/applications" 2>/dev/null || true
echo "Binwise is in the desktop menu (Office): $data/applications/binwise.desktop"
