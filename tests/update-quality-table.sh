#!/usr/bin/env bash
# Regenerates the README quality table (between <!-- quality:start --> and <!-- quality:end -->) by running `eval`
# on the developer set against the shipped labels, with the committed thresholds beside each figure.
# Usage: tests/update-quality-table.sh        (first run ingests data/labels into artifacts/eval/labelbot.db: minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

set_file=tests/LabelBot.Runtime.Tests/Data/eval-dev.jsonl
thresholds=tests/LabelBot.Runtime.Tests/Data/eval-thresholds.json
db=artifacts/eval/labelbot.db
cli=(dotnet src/LabelBot.Cli/bin/Release/net10.0/labelbot.dll)

mkdir -p "$(dirname "$db")"
dotnet build src/LabelBot.Cli -c Release -nologo -v quiet >/dev/null || { echo "build failed" >&2; exit 1; }
# Ingest is incremental: labels already stored at their version are skipped, so later runs take seconds.
"${cli[@]}" ingest data/labels --db "$db" | tail -n 1

table=$(mktemp)
trap 'rm -f "$table"' EXIT
"${cli[@]}" eval "$set_file" --db "$db" --markdown --thresholds "$thresholds" > "$table"
{ echo; echo "Regenerate with \`tests/update-quality-table.sh\`; thresholds live in \`$thresholds\` (floors only go up)."; } >> "$table"

if ! grep -q '<!-- quality:start -->' README.md; then
  printf '\n## Quality\n\n<!-- quality:start -->\n<!-- quality:end -->\n' >> README.md
fi
awk -v tablefile="$table" '
  /<!-- quality:start -->/ { print; while ((getline line < tablefile) > 0) print line; skipping = 1; next }
  /<!-- quality:end -->/   { skipping = 0 }
  !skipping                { print }
' README.md > README.md.tmp
mv README.md.tmp README.md
echo "README.md quality table updated:"
cat "$table"
