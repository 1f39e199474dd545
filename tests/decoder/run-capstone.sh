#!/bin/sh
# tests/decoder/run-capstone.sh: decode() against Capstone, 1,000,000
# random instructions in each of 16-, 32- and 64-bit mode (docs/DECODER.md).
# Runs from the build directory; fails if any mode agrees on less than 99.9%.
bin=${CAPSTONE_CMP:-tests/decoder/capstone_cmp}
count=${CAPSTONE_CMP_COUNT:-1000000}
seed=${CAPSTONE_CMP_SEED:-1}
if [ ! -x "$bin" ]; then
    echo "run-capstone.sh: $bin not built" >&2
    exit 99
fi
status=0
for mode in 16 32 64; do
    "$bin" "$mode" "$count" "$seed" || status=1
done
exit $status
