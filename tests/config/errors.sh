#!/bin/sh
# tests/config/errors.sh: a malformed bochsrc gives exactly one message
# naming the file, the line and what was expected, and exit status 1.
#
# Environment: EMU, srcdir (automake). Exit: 0 pass, 1 fail, 77 skip.
[ -x "$EMU" ] || { echo "SKIP: EMU is not set"; exit 77; }
dir=${srcdir:-.}/tests/config/bad
failed=0

# check NAME 'expected stderr' [extra arguments]
check() {
    name=$1
    want=$2
    shift 2
    got=$(cd "$dir" && "$EMU" --check-config -f "$name.bochsrc" "$@" 2>&1 >/dev/null)
    status=$?
    if [ $status -ne 1 ]; then
        echo "FAIL: $name: exit status $status (expected 1)"
        failed=1
    elif [ "$got" != "$want" ]; then
        echo "FAIL: $name:"
        echo "  expected: $want"
        echo "  got:      $got"
        failed=1
    else
        echo "ok: $name"
    fi
}

unset EMU_TEST_UNSET_VARIABLE
check unknown-option "emu: unknown-option.bochsrc:3: unknown option 'frobnicate' (expected a bochsrc option; see emu(1))"
check missing-colon "emu: missing-colon.bochsrc:2: expected 'option: value', got 'megs 32'"
check bad-number "emu: bad-number.bochsrc:1: cpu: ips: expected a number, got 'fast'"
check bad-value "emu: bad-value.bochsrc:2: boot: expected floppy, disk, cdrom or network, got 'tape'"
check unknown-param "emu: unknown-param.bochsrc:1: ata0-master: unknown parameter 'colour' (expected type, path, mode, cylinders, heads, spt, translation, status, model, journal or biosdetect)"
check missing-image "emu: missing-image.bochsrc:2: ata0-master: path=no-such-disk.img: No such file or directory"
check continued "emu: continued.bochsrc:2: clock: time0: expected local, utc, seconds since 1970 or a date like \"Mon Jan  1 00:00:00 1990\", got 'sometime'"
check include-missing "emu: include-missing.bochsrc:2: #include no-such-file.inc: No such file or directory"
check unterminated-quote "emu: unterminated-quote.bochsrc:1: log: unterminated quote (expected a closing \")"
check unset-variable "emu: unset-variable.bochsrc:1: environment variable \$EMU_TEST_UNSET_VARIABLE is not set"
# a bad line on the command line
got=$("$EMU" --check-config 'boot: disk' 'megs: 16, 32' 2>&1 >/dev/null)
status=$?
if [ $status -ne 1 ] || [ "$got" != "emu: command line argument 3: megs: expected the guest memory size in MiB (megs: 32)" ]; then
    echo "FAIL: command-line line: status $status, message: $got"
    failed=1
fi
# the file itself missing
got=$("$EMU" -f /nonexistent/bochsrc 2>&1 >/dev/null)
status=$?
if [ $status -ne 1 ] || [ "$got" != "emu: /nonexistent/bochsrc: No such file or directory" ]; then
    echo "FAIL: missing file: status $status, message: $got"
    failed=1
fi
exit $failed
