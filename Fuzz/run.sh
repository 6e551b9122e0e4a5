#!/usr/bin/env bash
# Runs the fuzz targets (docs/fuzzing.md). Builds them first.
#
#   run.sh fuzz SECONDS [TARGET...]   each target for SECONDS, growing Fuzz/.build/corpus/TARGET
#   run.sh ci RUNS [TARGET...]        each target for RUNS inputs (at most FUZZ_CI_SECONDS,
#                                     default 10) from the committed corpus and regressions,
#                                     fixed seed, fresh working corpus
#   run.sh regressions [TARGET...]    each saved input of Fuzz/Regressions/TARGET once; lists
#                                     those that fail
#
# FUZZ_TIMEOUT (seconds per input, default 10) and FUZZ_RSS_MB (default 2048) bound every input.
# Exit status: 0 when every target ran clean, 1 when one found a crash, a hang or a violated
# property (saved under Fuzz/.build/findings/TARGET/).
set -uo pipefail
cd "$(dirname "$0")"
SWIFT=${SWIFT:-swift}
# The Swift runtime's own crash backtracer would race the address sanitizer's report.
export SWIFT_BACKTRACE=enable=no
FLAGS=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
mode=${1:?usage: run.sh fuzz SECONDS | ci RUNS | regressions [TARGET...]}
shift
if [ "$mode" != regressions ]; then
    amount=${1:?how many seconds or runs}
    shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(cd Sources && ls -d Fuzz[A-Z]* | grep -v FuzzSupport))
fi

$SWIFT build "${FLAGS[@]}" || exit 2
bin=$($SWIFT build "${FLAGS[@]}" --show-bin-path)
limits=(-timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}")

status=0
for target in "${targets[@]}"; do
    if [ "$mode" = regressions ]; then
        for input in Regressions/"$target"/*; do
            [ -f "$input" ] || continue
            case "$input" in *.md) continue ;; esac
            if "$bin/$target" "${limits[@]}" "$input" >/dev/null 2>&1; then
                echo "$target: passes   $input"
            else
                echo "$target: FAILS    $input"
                status=1
            fi
        done
        continue
    fi
    work=.build/corpus/$target
    findings=.build/findings/$target
    log=.build/logs/$target.log
    mkdir -p "$work" "$findings" .build/logs
    if [ "$mode" = ci ]; then
        rm -rf "$work" && mkdir -p "$work"
        run=(-runs="$amount" -seed=1 -max_total_time="${FUZZ_CI_SECONDS:-10}")
    else
        run=(-max_total_time="$amount")
    fi
    case "$target" in
        FuzzPolicyRequest | FuzzApproval | FuzzHistory | FuzzCoordinatorRequests) dictionary=Dictionaries/json.dict ;;
        *) dictionary=Dictionaries/$target.dict ;;
    esac
    [ -f "$dictionary" ] && run+=(-dict="$dictionary")
    # The inputs that once failed (Fuzz/Regressions) start every run too.
    seeds=("Corpus/$target")
    [ -d "Regressions/$target" ] && seeds+=("Regressions/$target")
    "$bin/$target" "$work" "${seeds[@]}" "${limits[@]}" "${run[@]}" -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1
    code=$?
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p' <<<"$last")
    if [ $code -eq 0 ]; then
        echo "$target: clean: ${runs:-?} inputs, ${execs:-?} exec/s, ${cov:-no stats}"
    else
        status=1
        echo "$target: FOUND (exit $code): $(grep -m1 -E 'ERROR: libFuzzer|Fatal error|property violated|ERROR: AddressSanitizer' "$log")"
        echo "    input: $(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //')"
        echo "    log:   Fuzz/$log"
    fi
done
exit $status
