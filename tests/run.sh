#!/usr/bin/env bash
# The one test command (README and CI both call exactly this).
# Builds the solution, runs every test project, and ends with the plain line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build LabelBot.sln -c Release -nologo -v minimal || { echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=1
done

passed=0; failed=0; skipped=0; runs=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  skipped=$((skipped + ${t:-0} - ${e:-0})); runs=$((runs + 1))
done
# Name every failed test just above the totals, so a CI log that keeps only its tail still says what broke.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p'
done
expected=$(ls tests/*.Tests/*.csproj | wc -l)
# A test project that crashed writes no trx: count it as a failure rather than hide it.
if [ "$runs" -lt "$expected" ]; then failed=$((failed + expected - runs)); status=1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
