#!/bin/sh
# tests/system/image_kill.sh: acknowledged writes survive a killed emu.
#
# image_guest.rom writes eight sectors and flushes the disk cache after
# each, then prints DONE and spins. We kill emu once DONE is out and check
# the image file:
#   SIGKILL, flat      the flushed sectors are in the file
#   SIGTERM, flat      the run ends cleanly (status 143), sectors in the file
#   SIGTERM, volatile  the base file is unchanged
#   SIGTERM, undoable  the base file is unchanged, the redolog holds them;
#                      a second run with --commit merges them
#   growing            the same sectors land in a Bochs growing image
set -u
: "${EMU:=./emu}"
ROM=${ROM:-tests/system/image_guest.rom}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0

# run_until_done NAME SIGNAL ARGS...: starts emu, waits for DONE on port
# 0xE9, sends SIGNAL; leaves the exit status in $st.
run_until_done() {
    name=$1 sig=$2
    shift 2
    "$EMU" --rom "$ROM" --e9 "$T/$name.out" "$@" 2>"$T/$name.err" &
    pid=$!
    i=0
    while ! grep -q DONE "$T/$name.out" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 300 ] || ! kill -0 $pid 2>/dev/null; then
            echo "FAIL $name: no DONE from the guest"; cat "$T/$name.out" "$T/$name.err" 2>/dev/null
            kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
            fail=1; st=-1; return 1
        fi
        sleep 0.05
    done
    kill -"$sig" $pid
    wait $pid
    st=$?
    return 0
}

# sectors_ok FILE [OFFSET]: LBA 10-17 hold 0x40..0x47 (OFFSET: none)
sectors_ok() {
    for i in 0 1 2 3 4 5 6 7; do
        want=$(printf '%02x' $((0x40 + i)))
        got=$(dd if="$1" bs=512 skip=$((10 + i)) count=1 2>/dev/null | od -An -tx1 -v | tr -s ' \n' '\n' | sort -u | grep -v '^$')
        [ "$got" = "$want" ] || return 1
    done
    return 0
}

check() { # NAME CONDITION-STATUS MESSAGE
    if [ "$2" -eq 0 ]; then echo "ok $1"; else echo "FAIL $1: $3"; fail=1; fi
}

mkimg() { dd if=/dev/zero of="$1" bs=512 count=64 2>/dev/null; }

# SIGKILL: nothing runs at exit, the data must already be in the file
mkimg "$T/k.img"
if run_until_done kill KILL --hda "$T/k.img"; then
    sectors_ok "$T/k.img"; check "SIGKILL flat" $? "flushed sectors missing from the image"
fi

# SIGTERM: a clean end of the run
mkimg "$T/t.img"
if run_until_done term TERM --hda "$T/t.img"; then
    [ "$st" -eq 143 ]; check "SIGTERM exit status 143" $? "status $st"
    sectors_ok "$T/t.img"; check "SIGTERM flat" $? "sectors missing"
fi

# volatile: the base is never written
mkimg "$T/v.img"
cp "$T/v.img" "$T/v.orig"
if run_until_done vol TERM "ata0-master: type=disk, path=$T/v.img, mode=volatile"; then
    cmp -s "$T/v.img" "$T/v.orig"; check "volatile base untouched" $? "the base image changed"
fi

# undoable: the base is never written; the redolog has the data
mkimg "$T/u.img"
cp "$T/u.img" "$T/u.orig"
if run_until_done undo TERM "ata0-master: type=disk, path=$T/u.img, mode=undoable"; then
    cmp -s "$T/u.img" "$T/u.orig"; check "undoable base untouched" $? "the base image changed"
    head -c 22 "$T/u.img.redolog" | grep -q "Bochs Virtual HD Image"; check "undoable redolog header" $? "no redolog"
fi
if run_until_done undo2 TERM --commit "ata0-master: type=disk, path=$T/u.img, mode=undoable"; then
    sectors_ok "$T/u.img"; check "undoable --commit" $? "sectors not merged into the base"
    [ ! -e "$T/u.img.redolog" ]; check "undoable --commit removes the redolog" $? "redolog left"
fi

# SIGKILL with a growing image: flushed data in the log
if command -v "${MKGROWING:-}" >/dev/null 2>&1; then
    "$MKGROWING" "$T/g.img" 32768
    if run_until_done grow KILL "ata0-master: type=disk, path=$T/g.img, mode=growing"; then
        "$EMU" --rom "$ROM" --max-insns 1 "ata0-master: type=disk, path=$T/g.img, mode=growing" >/dev/null 2>&1
        [ $? -eq 124 ]; check "growing image reopens after SIGKILL" $? "emu refused it"
    fi
fi

exit $fail
