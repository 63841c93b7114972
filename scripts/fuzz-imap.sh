#!/usr/bin/env bash
# Fuzzes the IMAP response parser with libFuzzer + AddressSanitizer.
#
#   fuzz-imap.sh [SECONDS]        build, then fuzz for SECONDS (default 60)
#   fuzz-imap.sh repro FILE...    build, then run the given inputs once (a crash-* file, say)
#
# The fuzzer is compiled with swiftc straight from Sources/MailIngest/IMAP (the pure parser, stdlib
# only; an IMAPConnection.swift there would be left out) plus Fuzz/IMAPParserFuzz, so it needs no
# SwiftPM target.
# It checks that nothing traps, and that chunking never changes the responses (see the fuzz file).
# The growing corpus lives in .build-fuzz/corpus; seeds and the dictionary in Fuzz/IMAPParserFuzz.
# Crash inputs land in .build-fuzz/ as crash-*; add a fixed one to the tests as a fixture.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build-fuzz"
fuzz="$root/Fuzz/IMAPParserFuzz"
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}

sources=()
for file in "$root"/Sources/MailIngest/IMAP/*.swift; do
    [[ $(basename "$file") == IMAPConnection.swift ]] || sources+=("$file")
done

mkdir -p "$out/corpus"
"$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    -module-name IMAPParserFuzz "${sources[@]}" "$fuzz/IMAPParserFuzz.swift" -o "$out/imap-parser-fuzz"

cd "$out"
if [[ ${1:-} == repro ]]; then
    shift
    exec ./imap-parser-fuzz "$@"
fi
exec ./imap-parser-fuzz -max_total_time="${1:-60}" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -dict="$fuzz/imap.dict" -print_final_stats=1 corpus "$fuzz/seeds"
