#!/usr/bin/env bash
# Fuzzes MailCore's MIME parser (MimeMessage and the pieces it is made of) with libFuzzer + AddressSanitizer.
#
#   fuzz-mime.sh [SECONDS]        build, then fuzz for SECONDS (default 60)
#   fuzz-mime.sh repro FILE...    build, then run the given inputs once (a crash-* file, say)
#
# The fuzzer is compiled with swiftc straight from the top-level files of Sources/MailCore (the parser;
# the writer and classifiers in its subfolders are not needed) plus Fuzz/MailCoreFuzz, so it needs no
# SwiftPM target. It checks that nothing traps or hangs and that the tree's invariants hold (see the
# fuzz file). The growing corpus lives in .build-fuzz-mime/corpus; seeds and the dictionary in
# Fuzz/MailCoreFuzz. Crash inputs land in .build-fuzz-mime/ as crash-*; add a fixed one to the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build-fuzz-mime"
fuzz="$root/Fuzz/MailCoreFuzz"
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}

mkdir -p "$out/corpus"
"$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    -module-name MailCoreFuzz "$root"/Sources/MailCore/*.swift "$fuzz/MailCoreFuzz.swift" -o "$out/mime-fuzz"

cd "$out"
if [[ ${1:-} == repro ]]; then
    shift
    exec ./mime-fuzz "$@"
fi
exec ./mime-fuzz -max_total_time="${1:-60}" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -dict="$fuzz/mime.dict" -print_final_stats=1 corpus "$fuzz/seeds"
