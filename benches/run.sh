#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, in one command:
#
#   bash benches/run.sh           # everything (about 5 minutes on 2 cores)
#   bash benches/run.sh --quick   # 100k lines instead of 1M for (b), fewer runs
#
# (a) one whole `check` process against a Rust hello world, and one `step`,
# (b) `batch` throughput against merely parsing the same JSON Lines with serde_json,
# (c) peak memory of `batch` at 1k, 100k and 1M lines,
# (d) with valgrind installed: instructions (callgrind), which other tenants'
#     load does not change: one check (JSON, text, with an advert), one step,
#     hello world, and per line of batch and
#     of the parser (the difference between 3k and 1k lines, so start-up is
#     left out and reported on its own).
#
# Needs hyperfine (installed with apt-get when missing and run as root) and
# GNU time (/usr/bin/time). Not run by CI: timings are never test assertions.
# Results go to stdout and to target/bench/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[[ "${1:-}" == "--quick" ]] && quick=true

need() {
    local tool=$1 package=$2
    if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x "$tool" ]]; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            echo "installing $package" >&2
            apt-get install -y -qq "$package" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$package" >/dev/null; }
        else
            echo "benches/run.sh: needs $tool (Debian package $package)" >&2
            exit 2
        fi
    fi
}
need hyperfine hyperfine
need /usr/bin/time time

cargo build --release --quiet --bin offercheck --example hello --example parse_jsonl --example gen_jsonl
bin=target/release/offercheck
ex=target/release/examples
data=target/bench
mkdir -p "$data"
results=$data/results.txt
: >"$results"
say() { echo "$@" | tee -a "$results"; }

# hyperfine's CSV columns: command,mean,stddev,median,user,system,min,max
median() { awk -F, -v row="$2" 'NR == row + 1 { print $4 }' "$1"; }
minimum() { awk -F, -v row="$2" 'NR == row + 1 { print $7 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.2f ms", s * 1000 }'; }

say "offercheck benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
say "offercheck $($bin --version | cut -d' ' -f2-)"
say

# (a) One assessment, whole process, embedded rules.
runs=1000
$quick && runs=300
# The same eight answers, reported as JSON and as text (the default format,
# wrapped to 78 columns; not styled, since the output is not a terminal).
text=(check --no-input --destination RU --job-type driver --found-via social_media_or_messaging
    --upfront-payment yes --payment-purposes visa,deposit --payment-method cash --passport-surrender yes)
check=("${text[@]}" --format json)
hyperfine -N --style none --warmup 50 --runs "$runs" --export-csv "$data/a.csv" \
    -n hello "$ex/hello" -n check "$bin ${check[*]}" -n text "$bin ${text[*]}" >/dev/null
say "(a) one check, whole process ($runs runs each; target: at most 1.5x hello world)"
say "    hello world   median $(ms "$(median "$data/a.csv" 1)"), min $(ms "$(minimum "$data/a.csv" 1)")"
say "    check --format json   median $(ms "$(median "$data/a.csv" 2)"), min $(ms "$(minimum "$data/a.csv" 2)")"
say "    ratio: $(ratio "$(median "$data/a.csv" 2)" "$(median "$data/a.csv" 1)")x (medians), $(ratio "$(minimum "$data/a.csv" 2)" "$(minimum "$data/a.csv" 1)")x (minimums)"
say "    check (text)   median $(ms "$(median "$data/a.csv" 3)"), min $(ms "$(minimum "$data/a.csv" 3)")"
say "    ratio: $(ratio "$(median "$data/a.csv" 3)" "$(median "$data/a.csv" 1)")x (medians), $(ratio "$(minimum "$data/a.csv" 3)" "$(minimum "$data/a.csv" 1)")x (minimums)"
# The same, interleaved. Other tenants' load drifts during a run, so one
# block of hello world followed by one block of check compares two moments;
# short alternating rounds compare the same moment, and the median of the
# rounds' ratios is the figure that is steady from run to run.
rounds=15
$quick && rounds=9
: >"$data/a-rounds.txt"
: >"$data/a-rounds-text.txt"
for _ in $(seq "$rounds"); do
    hyperfine -N --style none --warmup 5 --runs 50 --export-csv "$data/a-round.csv" \
        -n hello "$ex/hello" -n check "$bin ${check[*]}" -n text "$bin ${text[*]}" >/dev/null
    ratio "$(median "$data/a-round.csv" 2)" "$(median "$data/a-round.csv" 1)" >>"$data/a-rounds.txt"
    echo >>"$data/a-rounds.txt"
    ratio "$(median "$data/a-round.csv" 3)" "$(median "$data/a-round.csv" 1)" >>"$data/a-rounds-text.txt"
    echo >>"$data/a-rounds-text.txt"
done
for format in json text; do
    file="$data/a-rounds.txt"
    [[ $format == text ]] && file="$data/a-rounds-text.txt"
    sorted=$(sort -n "$file")
    say "    interleaved ($format), $rounds rounds of 50 runs each: ratio of the medians $(echo "$sorted" | awk -v n="$rounds" 'NR == int((n + 1) / 2)')x (median of rounds; lowest $(echo "$sorted" | head -n 1)x, highest $(echo "$sorted" | tail -n 1)x)"
done

# (a) for `step`: one request in the middle of a conversation (the answers
# so far and a reply), read from a file.
request=$data/step-request.json
cat >"$request" <<'JSON'
{"answers": {"origin": "KE", "destination": "RU", "job_type": "driver", "job_details_vague": "yes", "pay_unusually_high": "yes", "military_or_combat_mention": "no", "found_via": "social_media_or_messaging", "contact_channel": "messaging_apps_only"}, "reply": "sijui", "lang": "sw", "channel": "sms"}
JSON
hyperfine -N --style none --warmup 50 --runs "$runs" --export-csv "$data/a-step.csv" \
    -n hello "$ex/hello" -n step "$bin step $request" >/dev/null
say "    one step (SMS, Kiswahili)   median $(ms "$(median "$data/a-step.csv" 2)"), min $(ms "$(minimum "$data/a-step.csv" 2)")"
say "    ratio: $(ratio "$(median "$data/a-step.csv" 2)" "$(median "$data/a-step.csv" 1)")x (medians), $(ratio "$(minimum "$data/a-step.csv" 2)" "$(minimum "$data/a-step.csv" 1)")x (minimums)"
say

# The input: 1M varied lines from a fixed seed, and its first 1k and 100k lines.
if [[ ! -s $data/1000000.jsonl ]]; then
    "$ex/gen_jsonl" 1000000 >"$data/1000000.jsonl.tmp" && mv "$data/1000000.jsonl.tmp" "$data/1000000.jsonl"
fi
head -n 1000 "$data/1000000.jsonl" >"$data/1000.jsonl"
head -n 100000 "$data/1000000.jsonl" >"$data/100000.jsonl"

# (b) Throughput.
lines=1000000
brun=3
$quick && { lines=100000; brun=5; }
input=$data/$lines.jsonl
hyperfine -N --style none --warmup 1 --runs "$brun" --export-csv "$data/b.csv" \
    -n "serde_json parse" "$ex/parse_jsonl $input" \
    -n "batch --jobs 1" "$bin batch --jobs 1 $input" \
    -n "batch (--jobs $(nproc))" "$bin batch $input" >/dev/null
say "(b) batch throughput on $lines lines, $(du -m "$input" | cut -f1) MB ($brun runs each; target: at least 0.6x parsing with one job, 1.0x with two)"
for row in 1 2 3; do
    name=$(awk -F, -v row="$row" 'NR == row + 1 { print $1 }' "$data/b.csv")
    m=$(median "$data/b.csv" "$row")
    say "    $(printf '%-22s' "$name") median $(awk -v s="$m" 'BEGIN { printf "%.2f s", s }'), $(awk -v s="$m" -v n="$lines" 'BEGIN { printf "%.0f lines/s", n / s }'), $(ratio "$(median "$data/b.csv" 1)" "$m")x parsing"
done
say

# (c) Peak memory.
say "(c) batch peak memory, maximum resident set size (target: flat)"
for n in 1000 100000 1000000; do
    for jobs in 1 "$(nproc)"; do
        kb=$(/usr/bin/time -f %M "$bin" batch --jobs "$jobs" "$data/$n.jsonl" 2>&1 >/dev/null | tail -n 1)
        say "    $(printf '%8d lines, --jobs %-2s %6d KB' "$n" "$jobs" "$kb")"
    done
done

# (d) Instructions, when valgrind is there (apt-get install valgrind).
if command -v valgrind >/dev/null 2>&1; then
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
    head -n 3000 "$data/1000000.jsonl" >"$data/3000.jsonl"
    say
    say "(d) instructions (callgrind)"
    hello_ir=$(ir "$ex/hello")
    check_ir=$(ir "$bin" "${check[@]}")
    text_ir=$(ir "$bin" "${text[@]}")
    step_ir=$(ir "$bin" step "$request")
    advert_ir=$(ir "$bin" "${check[@]}" --offer-text "Drivers needed in Moscow. Pay a registration fee of KSh 5,000 via M-Pesa.")
    say "    hello world $hello_ir; check --format json $check_ir; the text report $text_ir; one step $step_ir; the same check with an advert $advert_ir"
    for name in parse batch; do
        if [[ $name == parse ]]; then run=("$ex/parse_jsonl"); else run=("$bin" batch --jobs 1); fi
        one=$(ir "${run[@]}" "$data/1000.jsonl")
        three=$(ir "${run[@]}" "$data/3000.jsonl")
        per=$(( (three - one) / 2000 ))
        say "    $(printf '%-6s' "$name") $per a line, $(( one - per * 1000 )) at start"
    done
fi
