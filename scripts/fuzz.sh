#!/usr/bin/env bash
# Runs fuzz targets one after the other (called by `make fuzz` / `make fuzz-smoke`):
#
#   scripts/fuzz.sh SECONDS TARGET...
#
# Needs CARGO_FUZZ (the cargo-fuzz binary), FUZZ_DIR (target/fuzz: seeds/ made by fuzz/seeds,
# corpus/, artifacts/, logs/) and FUZZ_BUILD_ARGS in the environment, and the targets built.
# Each target reads its seeds and its growing corpus; a crash, leak, timeout or failed
# assertion stops with the libFuzzer log's tail and the reproducer's path. After each run the
# libFuzzer summary (executions, coverage, corpus) is printed.
set -euo pipefail
secs=$1
shift
: "${CARGO_FUZZ:?}" "${FUZZ_DIR:?}" "${FUZZ_BUILD_ARGS:?}"
export RUSTC_BOOTSTRAP=1
mkdir -p "$FUZZ_DIR/logs"
for t in "$@"; do
    mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/artifacts/$t"
    log=$FUZZ_DIR/logs/$t.log
    echo "fuzz: $t for $secs s"
    # shellcheck disable=SC2086 # FUZZ_BUILD_ARGS is a list of arguments
    if ! "$CARGO_FUZZ" run $FUZZ_BUILD_ARGS "$t" "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/seeds/$t" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$FUZZ_DIR/artifacts/$t/" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz: $t FAILED (log $log, reproducer in $FUZZ_DIR/artifacts/$t/)"
        exit 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    echo "fuzz: $t ok: ${runs:-?} executions; last: $last"
done
