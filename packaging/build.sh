#!/bin/sh
# Build the desktop bundle with PyInstaller, then prove it works: the frozen program opens its
# window once (--smoke-test) on a temporary data folder under Xvfb, decodes a GS1 scan, renders
# labels, checks and backs up its warehouse. Any error, or a traceback on stderr, fails the build.
#
#   sh packaging/build.sh            # with python3 (or PYTHON=.venv/bin/python sh packaging/build.sh)
#   SKIP_INSTALL=1 ...               # use the PyInstaller and Binwise already installed
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ -z "${SKIP_INSTALL:-}" ]; then
  "$PYTHON" -m pip install -q pyinstaller .
fi
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build \
  packaging/binwise.spec
bundle=$(ls -d dist/binwise-*/ | head -n 1)
bundle=${bundle%/}
exe="$bundle/binwise"
# What puts Binwise in the desktop menu: install-desktop.sh copies these into place.
mkdir -p "$bundle/share"
cp packaging/binwise.desktop resources/icons/binwise.png resources/icons/binwise.svg \
  "$bundle/share/"
cp packaging/install-desktop.sh "$bundle/"

# A throw-away home: the first start makes its warehouse in the data folder, settings go to the
# config folder, and nothing of the user's is touched.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
export XDG_DATA_HOME="$smoke/data" XDG_CONFIG_HOME="$smoke/config"
log="$smoke/stderr.log"

step() {
  echo "smoke test: $*"
  if ! "$@" >"$smoke/stdout.log" 2>"$log"; then
    cat "$smoke/stdout.log" "$log" >&2
    echo "smoke test failed: $*" >&2
    exit 1
  fi
  if grep -q "Traceback" "$log"; then
    cat "$log" >&2
    echo "smoke test printed a traceback: $*" >&2
    exit 1
  fi
}
window() {
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" "$exe" "$@"
}

# The first start from the desktop menu: no --db, a new warehouse in the data folder.
step window gui --smoke-test
test -f "$XDG_DATA_HOME/binwise/warehouse.sqlite"
db="$smoke/demo.sqlite"
step "$exe" --db "$db" demo
step window --db "$db" gui --smoke-test
# biip's GS1 tables: a bin and a GS1-128 label of a demo item (AI 01, its GTIN) must both read.
printf 'A-01-01\n]C10105060123009064\n' > "$smoke/scans.txt"
step "$exe" --db "$db" replay --station lookup "$smoke/scans.txt"
# python-barcode's font and Qt's PDF output.
step "$exe" --db "$db" labels bins --range A-01-01..A-01-03 -o "$smoke/bins.pdf"
step "$exe" --db "$db" labels items COS-DW-40 -o "$smoke/items.zpl"
step "$exe" --db "$db" check
step "$exe" --db "$db" backup "$smoke/backup.sqlite"
# The menu entry installs and names this bundle's program.
step env HOME="$smoke/home" XDG_DATA_HOME="$smoke/home/share" sh "$bundle/install-desktop.sh"
grep -qx "Exec=\"$(cd "$bundle" && pwd)/binwise\"" "$smoke/home/share/applications/binwise.desktop"
test -f "$smoke/home/share/icons/hicolor/256x256/apps/binwise.png"
echo "Built $bundle (smoke test passed)"
