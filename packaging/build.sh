#!/bin/sh
# Build the desktop bundle with PyInstaller and run it once in a window as a smoke test.
set -e
cd "$(dirname "$0")/.."
python3 -m pip install -q pyinstaller .
pyinstaller --noconfirm --distpath dist --workpath build packaging/binwise.spec
bundle=$(ls -d dist/binwise-*/ | head -n 1)
data=$(mktemp -d)
"$bundle/binwise" --db "$data/demo.sqlite" demo
QT_QPA_PLATFORM=xcb xvfb-run -a "$bundle/binwise" --db "$data/demo.sqlite" gui --smoke-test
echo "Built $bundle"
