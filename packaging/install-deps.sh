#!/bin/sh
# The Debian/Ubuntu packages Binwise needs besides Python: zbar (reading barcodes), PulseAudio's
# client library (Qt Multimedia), the X11/xcb libraries Qt's window needs, and Xvfb + xdotool for
# running the window without a screen (tests, smoke test). Safe to run again.
set -e
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
PACKAGES="libzbar0 libpulse0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0
 libfreetype6 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-shape0 libxcb-icccm4
 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
 xvfb xauth xdotool"
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $package"
done
# Debian's own python3 comes without venv; Binwise installs into a virtual environment.
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  missing="$missing python3-venv"
fi
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
