#!/usr/bin/env bash
# Runs every test project and ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"

dotnet build DynamoFS.slnx -c Release --nologo -v quiet || exit 1

status=0
dotnet test DynamoFS.slnx -c Release --no-build --nologo \
    --logger "trx" --results-directory "$results" \
    --logger "console;verbosity=normal" || status=$?

# Sum the TRX counters of every test assembly.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
if [ "$failed" -ne 0 ]; then exit 1; fi
exit $status
