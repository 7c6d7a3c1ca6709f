#!/usr/bin/env bash
# The pictures of a paper in docs/: the example's June paper to the Business Coordination Board,
# rendered to PDF by `dagov render paper --format pdf` (WeasyPrint) and its pages to PNG with
# pdftoppm (Debian's poppler-utils).
#
#   docs/pictures/make.sh            rewrite docs/pictures/bcb-2014-06-12-page-1.png and -page-2.png
#   docs/pictures/make.sh --all DIR  write the PDF and every page as a PNG to DIR, to look at them
#
# DAGOV names the dagov to run (default: .venv/bin/dagov, else dagov on the PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."
paper=plans/da-2014/papers/bcb-2014-06-12.yaml
name=bcb-2014-06-12
dagov=${DAGOV:-$( [ -x .venv/bin/dagov ] && echo .venv/bin/dagov || echo dagov )}
command -v pdftoppm >/dev/null || { echo "make.sh: pdftoppm is not installed (apt-get install poppler-utils)" >&2; exit 1; }

if [ "${1:-}" = "--all" ]; then
    out=${2:?"usage: docs/pictures/make.sh --all DIR"}
    mkdir -p "$out"
    "$dagov" render paper "$paper" --format pdf -o "$out/$name.pdf" --force
    pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name-page"
    ls "$out"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$dagov" render paper "$paper" --format pdf -o "$work/$name.pdf"
# -r 60: A4 at 496 x 702 pixels, legible on a screen and small in git
pdftoppm -r 60 -png -f 1 -l 2 "$work/$name.pdf" "$work/page"
for n in 1 2; do
    cp "$work"/page-*"$n".png "docs/pictures/$name-page-$n.png"
done
echo "make.sh: wrote docs/pictures/$name-page-1.png and -page-2.png"
