#!/usr/bin/env bash
# Builds cdx's libFuzzer targets and runs them. See Tools/fuzz/README.md.
#
#   Tools/fuzz/run.sh TARGET SECONDS   fuzz one target (exercise, responses, journal, msel, arguments, http)
#   Tools/fuzz/run.sh all SECONDS      fuzz every target, two at a time (CI runs 'all 60')
#   Tools/fuzz/run.sh build            build only
#
# Exits 0 when nothing was found; 1 on any finding (a crash, a sanitizer report, a
# broken property, an input slower than 1 s, more than 2 GB of memory), printing where
# the reproducer is and how to run it; 2 on a usage or build error.
#
# The build (.build-fuzz/, git-ignored) is reused while the sources and the targets are
# unchanged. Grown corpora, logs and findings (.build-fuzz/work/findings/TARGET/TIME/) go
# to .build-fuzz/work/.
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(exercise responses journal msel arguments http)
# Dependency order, as in Package.swift.
modules=(ExerciseCore ExerciseScript Umpire Presentation AfterAction ExerciseCLI)
build=.build-fuzz
work=$build/work
swiftc=${SWIFTC:-swiftc}
# Optimised, with the package's language mode, assertions kept (they state invariants the
# fuzzer should hold the code to) and every module instrumented for coverage and ASan.
flags=(-swift-version 6 -O -assert-config Debug -sanitize=fuzzer,address -parse-as-library -enable-testing)
# The linker warns about every ASan helper symbol; that is noise, not a problem.
quiet() { grep -v -e "Cannot export local symbol" -e "^$" >&2 || true; }

usage() {
    echo "usage: Tools/fuzz/run.sh TARGET|all SECONDS   (targets: ${targets[*]})" >&2
    echo "       Tools/fuzz/run.sh build" >&2
    exit 2
}

# MARK: Build

stamp_of() {  # the inputs of a build step, hashed
    { "$swiftc" --version 2>&1; echo "${flags[*]}"; cat "$@"; } | sha256sum | cut -d' ' -f1
}

compile_module() {
    local module=$1 log=$build/modules/$1.log
    if ! "$swiftc" "${flags[@]}" -wmo -module-name "$module" -I "$build/modules" \
        -emit-module -emit-module-path "$build/modules/$module.swiftmodule" \
        -c -o "$build/modules/$module.o" Sources/"$module"/*.swift >"$log" 2>&1; then
        cat "$log" >&2
        echo "fuzz: building module $module failed" >&2
        return 1
    fi
}

build_all() {
    mkdir -p "$build/modules"
    local sources=() m
    for m in "${modules[@]}"; do sources+=(Sources/"$m"/*.swift); done
    local module_stamp
    module_stamp=$(stamp_of "${sources[@]}")
    if [ "$(cat "$build/modules/stamp" 2>/dev/null)" != "$module_stamp" ]; then
        echo "fuzz: building the library modules with -sanitize=fuzzer,address (a few minutes)" >&2
        rm -f "$build/modules/stamp"
        local start=$SECONDS
        compile_module ExerciseCore
        # ExerciseScript and Umpire, Presentation → AfterAction only need the core: build them side by side.
        compile_module ExerciseScript & local script=$!
        { compile_module Umpire && compile_module Presentation && compile_module AfterAction; } & local report=$!
        wait $script || { wait $report || true; return 1; }
        wait $report
        compile_module ExerciseCLI
        echo "$module_stamp" >"$build/modules/stamp"
        echo "fuzz: modules built in $((SECONDS - start)) s" >&2
    fi
    local target
    for target in "${targets[@]}"; do
        local stamp
        stamp=$(echo "$module_stamp $(stamp_of Tools/fuzz/Support.swift "Tools/fuzz/targets/$target.swift")" | sha256sum | cut -d' ' -f1)
        [ -x "$build/$target" ] && [ "$(cat "$build/$target.stamp" 2>/dev/null)" = "$stamp" ] && continue
        echo "fuzz: linking $target" >&2
        rm -f "$build/$target.stamp"
        if ! "$swiftc" "${flags[@]}" -module-name "fuzz_$target" -I "$build/modules" \
            Tools/fuzz/Support.swift "Tools/fuzz/targets/$target.swift" "$build"/modules/*.o -lm \
            -o "$build/$target" 2> >(quiet); then
            echo "fuzz: building target $target failed" >&2
            return 1
        fi
        echo "$stamp" >"$build/$target.stamp"
    done
}

# MARK: Seeds

# The shipped files a target starts from, besides its committed corpus (Tools/fuzz/corpus/TARGET).
shipped_seeds() {
    case $1 in
        exercise) ls Exercises/*.exercise Documentation/Examples/*.exercise Tests/ExerciseScriptTests/Fixtures/invalid/*.exercise ;;
        responses) ls Exercises/*.responses Documentation/Examples/*.console ;;
        journal) ls Tests/ExerciseCLITests/Snapshots/*.jsonl Documentation/Examples/*.jsonl ;;
        msel) ls Tests/ExerciseScriptTests/Fixtures/msel/*.csv ;;
        arguments) ;;  # the committed corpus holds every command's examples
        http) ;;  # the committed corpus holds requests the seats send and malformed ones
    esac
}

# MARK: Run

# How long a saved timeout input takes on its own, not niced: the fastest of three runs,
# in ms (999999 when it does not finish within 30 s). Under load — other builds on the
# machine, the fuzzers niced — a fast input can overrun libFuzzer's wall-clock timeout.
rerun_milliseconds() {
    local target=$1 file=$2 fastest=999999 ms _
    for _ in 1 2 3; do
        ms=$(SWIFT_BACKTRACE=enable=no "$build/$target" -timeout=30 "$file" 2>&1 |
            sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p')
        [ -n "$ms" ] || { echo 999999; return; }
        [ "$ms" -lt "$fastest" ] && fastest=$ms
    done
    echo "$fastest"
}

# Fuzzes one target; prints one summary line; returns 1 on a finding.
run_target() {
    local target=$1 seconds=$2
    # Each run's findings get a folder of their own, so an earlier run's reproducers stay.
    local corpus=$work/corpus/$target findings=$work/findings/$target/$(date +%Y%m%d-%H%M%S)
    local seeds=$work/seeds/$target log=$work/$target.log
    rm -rf "$seeds"
    mkdir -p "$corpus" "$findings" "$seeds"
    local file
    for file in $(shipped_seeds "$target"); do cp "$file" "$seeds/"; done
    local options=()
    [ -f "Tools/fuzz/$target.dict" ] && options+=(-dict="Tools/fuzz/$target.dict")
    # A whole golden journal takes tens of milliseconds to replay; their first 16 KB
    # (a torn prefix, itself a valid case) cover the same code many times faster.
    [ "$target" = journal ] && options+=(-max_len=16384)

    local deadline=$((SECONDS + seconds)) executions=0 unconfirmed=0 status remaining artifacts
    : >"$log"
    while :; do
        remaining=$((deadline - SECONDS))
        [ "$remaining" -ge 1 ] || break
        status=0
        # No Swift backtracer: libFuzzer reports the crash and saves the input itself.
        SWIFT_BACKTRACE=enable=no nice -n 19 "$build/$target" \
            -max_total_time="$remaining" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$findings/" "${options[@]}" \
            "$corpus" "Tools/fuzz/corpus/$target" "$seeds" >"$log.part" 2>&1 || status=$?
        cat "$log.part" >>"$log"
        executions=$((executions + $(sed -n 's/^stat::number_of_executed_units: *//p' "$log.part" | tail -1 | grep -E '^[0-9]+$' || echo 0)))
        artifacts=$(find "$findings" -maxdepth 1 -type f -printf '%f\n')
        [ "$status" -eq 0 ] && [ -z "$artifacts" ] && break
        # A timeout that does not reproduce on its own is the machine's, not the code's:
        # set it aside and fuzz on for the time left (at most five times).
        if [ -n "$artifacts" ] && ! grep -qv '^timeout-' <<<"$artifacts" && [ "$unconfirmed" -lt 5 ]; then
            local all_fast=1 ms
            for file in $artifacts; do
                ms=$(rerun_milliseconds "$target" "$findings/$file")
                if [ "$ms" -lt 1000 ]; then
                    mkdir -p "$findings/unconfirmed"
                    mv "$findings/$file" "$findings/unconfirmed/"
                    echo "fuzz: $target: an input overran the 1 s timeout under load but takes $ms ms alone; not a finding (kept in $findings/unconfirmed/$file)" >&2
                else
                    all_fast=0
                fi
            done
            if [ "$all_fast" -eq 1 ]; then
                unconfirmed=$((unconfirmed + 1))
                continue
            fi
        fi
        echo "FINDING in $target (libFuzzer exit status $status); its log, $log, ends:" >&2
        grep -a -v -e "^#[0-9]" -e "^INFO:" -e "NEW_FUNC" "$log.part" | tail -40 >&2
        # The property that broke (its line is above the backtrace, which the tail cuts off).
        grep -a -m 3 "fuzz property violated:" "$log.part" >&2 || true
        artifacts=$(find "$findings" -maxdepth 1 -type f -printf '%f\n')
        for file in $artifacts; do
            echo "fuzz: reproducer $findings/$file — run it again with: $build/$target $findings/$file" >&2
            # CI's clone is thrown away: carry small reproducers in the log itself.
            if [ "$(stat -c %s "$findings/$file")" -le 32768 ]; then
                echo "fuzz: its bytes (base64 -d to get it back):" >&2
                base64 -w 0 "$findings/$file" >&2
                echo >&2
            fi
        done
        [ -n "$artifacts" ] || echo "fuzz: no reproducer was written; see $log" >&2
        return 1
    done
    rm -f "$log.part"
    rmdir "$findings" 2>/dev/null || true

    local done_line
    done_line=$(grep -a -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
    printf 'fuzz: %-10s ok  %ss  %s executions (%s/s)  %s%s\n' "$target" "$seconds" "$executions" \
        "$((executions / (seconds > 0 ? seconds : 1)))" \
        "$(echo "$done_line" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' || echo "no final stats")" \
        "$([ "$unconfirmed" -eq 0 ] || echo "  ($unconfirmed restart(s) after timeouts that did not reproduce)")"
}

[ $# -ge 1 ] || usage
case $1 in
    build)
        build_all || exit 2
        ;;
    all)
        [ $# -eq 2 ] && [[ $2 =~ ^[0-9]+$ ]] || usage
        build_all || exit 2
        failed=0
        # Two at a time: one per core.
        for ((i = 0; i < ${#targets[@]}; i += 2)); do
            pids=()
            for target in "${targets[@]:i:2}"; do
                run_target "$target" "$2" & pids+=($!)
            done
            for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
        done
        exit $failed
        ;;
    *)
        [ $# -eq 2 ] && [[ $2 =~ ^[0-9]+$ ]] || usage
        [[ " ${targets[*]} " == *" $1 "* ]] || { echo "fuzz: unknown target '$1'" >&2; usage; }
        build_all || exit 2
        run_target "$1" "$2" || exit 1
        ;;
esac
