#!/bin/sh
# Runs the hardware-recorded single-instruction tests (SingleStepTests data
# for the 8086 and the 80286) through tests/conformance/singlestep.
# Called by `make check` from the build directory (srcdir/abs_srcdir set).
# The data is not part of the repository: it lives in ../shared/conformance
# beside the source tree. Exit 77 (skip) if it is not there.
# Extra arguments (e.g. -v, -q) are passed to singlestep.
set -u

data=${CONFORMANCE_DATA:-}
if [ -z "$data" ]; then
    for d in "${abs_srcdir:-}/../shared/conformance" "${srcdir:-.}/../shared/conformance" \
             /work/shared/conformance; do
        if [ -d "$d/8086" ] || [ -d "$d/80286" ]; then data=$d; break; fi
    done
fi
if [ -z "$data" ]; then
    echo "run-conformance: SKIP: no conformance data (looked for ../shared/conformance beside the source tree and /work/shared/conformance; set CONFORMANCE_DATA)"
    exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
runner=${SINGLESTEP:-}
if [ -z "$runner" ]; then
    for r in ./tests/conformance/singlestep "$here/singlestep"; do
        if [ -x "$r" ]; then runner=$r; break; fi
    done
fi
if [ -z "$runner" ] || [ ! -x "$runner" ]; then
    echo "run-conformance: singlestep runner not built" >&2
    exit 99
fi

files=
for fam in 8086 80286; do
    if [ -d "$data/$fam" ]; then files="$files $data/$fam/*.json.gz"; fi
done
echo "run-conformance: $runner over $data"
# one run over both families (each file's metadata.json is the one beside it)
# shellcheck disable=SC2086
exec "$runner" -q "$@" $files
