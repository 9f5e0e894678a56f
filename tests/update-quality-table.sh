#!/usr/bin/env bash
# Regenerates the README quality tables by running `eval` against the shipped labels, with the committed thresholds
# beside each figure: the developer set (between <!-- quality:start --> and <!-- quality:end -->) and the gold set's
# answer quality, dev and held-out parts side by side (between <!-- gold-quality:start --> and <!-- gold-quality:end -->).
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

gold_dev=tests/LabelBot.Runtime.Tests/Data/gold-dev.jsonl
gold_heldout=tests/LabelBot.Runtime.Tests/Data/gold-heldout.jsonl
gold_thresholds=tests/LabelBot.Runtime.Tests/Data/gold-thresholds.json

table=$(mktemp)
gold_table=$(mktemp)
trap 'rm -f "$table" "$gold_table"' EXIT
"${cli[@]}" eval "$set_file" --db "$db" --markdown --thresholds "$thresholds" > "$table"
{ echo; echo "Regenerate with \`tests/update-quality-table.sh\`; thresholds live in \`$thresholds\` (floors only go up)."; } >> "$table"
"${cli[@]}" eval "$gold_dev" "$gold_heldout" --db "$db" --markdown --thresholds "$gold_thresholds" > "$gold_table"
{ echo; echo "Regenerate with \`tests/update-quality-table.sh\`; thresholds live in \`$gold_thresholds\` (floors only go up). The held-out part is never used for tuning."; } >> "$gold_table"

# replace_block NAME FILE: puts FILE between <!-- NAME:start --> and <!-- NAME:end --> (appending the markers if missing).
replace_block() {
  local name=$1 file=$2
  if ! grep -q "<!-- $name:start -->" README.md; then
    printf '\n<!-- %s:start -->\n<!-- %s:end -->\n' "$name" "$name" >> README.md
  fi
  awk -v tablefile="$file" -v start="<!-- $name:start -->" -v end="<!-- $name:end -->" '
    $0 == start { print; while ((getline line < tablefile) > 0) print line; skipping = 1; next }
    $0 == end   { skipping = 0 }
    !skipping   { print }
  ' README.md > README.md.tmp
  mv README.md.tmp README.md
}
if ! grep -q '<!-- quality:start -->' README.md; then
  printf '\n## Quality\n' >> README.md
fi
replace_block quality "$table"
replace_block gold-quality "$gold_table"
echo "README.md quality tables updated:"
cat "$table" "$gold_table"
