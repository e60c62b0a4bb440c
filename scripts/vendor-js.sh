#!/usr/bin/env bash
# Vendor the explorer's JavaScript graph library (cytoscape, from npm) as a built asset with its licence.
# The asset is committed, so neither the server nor the browser ever needs a CDN; re-run this script to upgrade
# (change VERSION), and commit what it writes under api/static/explorer/vendor/.
set -euo pipefail
VERSION="${CYTOSCAPE_VERSION:-3.34.4}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$HERE/api/static/explorer/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "cytoscape@$VERSION" >/dev/null)
tar -xzf "$WORK"/cytoscape-"$VERSION".tgz -C "$WORK"
mkdir -p "$OUT"
cp "$WORK/package/dist/cytoscape.min.js" "$OUT/cytoscape.min.js"
cp "$WORK/package/LICENSE" "$OUT/cytoscape.LICENSE"
echo "cytoscape $VERSION (npm), MIT: dist/cytoscape.min.js and LICENSE, vendored by scripts/vendor-js.sh" \
  > "$OUT/README.txt"
echo "vendored cytoscape $VERSION into $OUT"
