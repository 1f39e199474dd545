# tests/debug/lib.sh: shared set-up of the debugger tests (sourced).
# Environment from make check: EMU, srcdir, abs_srcdir. Runs in a fresh
# temporary directory; $rom is the debug ROM built by make.
if [ -z "$EMU" ] || [ ! -x "$EMU" ]; then
    echo "SKIP: EMU is not set"
    exit 77
fi
src=${abs_srcdir:-$(cd "${srcdir:-.}" && pwd)}
rom=$(pwd)/tests/debug/dbg_boot.rom
[ -f "$rom" ] || { echo "FAIL: $rom not built"; exit 1; }
lmrom=$(pwd)/tests/debug/dbg_lm.rom
tmp=$(mktemp -d "${TMPDIR:-/tmp}/emu-dbg.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
to=
command -v timeout >/dev/null 2>&1 && to="timeout -k 5 60"

# compare EXPECTED ACTUAL NAME
compare() {
    if cmp -s "$1" "$2"; then
        echo "PASS: $3"
        return 0
    fi
    echo "FAIL: $3: output differs from $1"
    diff -u "$1" "$2"
    return 1
}
