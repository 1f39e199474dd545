#!/bin/sh
# tests/gui/sdl2-xvfb.sh: the SDL2 window, for real, on a virtual X server.
#
# Runs tests/gui/banner.rom with --display sdl2 under Xvfb and dumps the
# X screen (xwd -root) while it runs. Checks that
#   - the window shows the first banner, pixel for pixel as the VGA rendered
#     it (emu's own --screenshot of that moment, from a headless run that
#     stops there), and later the second banner (the window updates);
#   - the title carries the status line (MIPS);
#   - emu's BIOS banner shows in the window (booting a floppy image);
#   - the run ends normally with the ROM's exit status (1) and the window
#     goes away;
#   - SIGTERM ends a windowed run cleanly with status 143;
#   - with xdotool: the Ctrl+Alt+S hot key writes emu-screenshot-1.png, and
#     a key typed into the window reaches the guest's BIOS (INT 16h).
# Needs Xvfb and xwd (Debian xvfb, x11-apps); skips without them or when emu
# was built without SDL2.
#
# Environment: EMU, srcdir (automake). Exit: 0 pass, 1 fail, 77 skip.

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

[ -x "$EMU" ] || skip "EMU is not set"
command -v Xvfb >/dev/null 2>&1 || skip "Xvfb is not installed (Debian package xvfb)"
command -v xwd >/dev/null 2>&1 || skip "xwd is not installed (Debian package x11-apps)"
command -v xwininfo >/dev/null 2>&1 || skip "xwininfo is not installed (Debian package x11-utils)"
builddir=$(pwd)
rom=$builddir/tests/gui/banner.rom
find=$builddir/tests/gui/xwd_find
[ -f "$rom" ] || fail "$rom was not built"
[ -x "$find" ] || fail "$find was not built"
msg=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$EMU" --rom "$rom" --display sdl2 2>&1)
case $msg in
*"built without SDL2"*) skip "emu was built without SDL2" ;;
*"no display to open a window on"*) ;;
*) fail "--display sdl2 without a display: unexpected message: $msg" ;;
esac

# Under LeakSanitizer: SDL's X11 driver dlopen()s libraries and unloads
# them in SDL_Quit, so their allocations cannot be attributed or
# suppressed; leak checking stays on for every other test (the display code
# itself is covered through the terminal back-end), address checks stay on
# here.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS

tmp=$(mktemp -d /tmp/emu-sdl2-test.XXXXXX)
xpid=
cleanup() {
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Xvfb picks a free display number itself and writes it to fd 3
Xvfb -displayfd 3 -screen 0 800x600x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xpid=$!
i=0
until [ -s "$tmp/display" ] && n=$(cat "$tmp/display") && [ -e "/tmp/.X11-unix/X$n" ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
    sleep 0.1
done
export DISPLAY=":$n"
XDG_RUNTIME_DIR=$tmp
export XDG_RUNTIME_DIR

# the first banner as the VGA renders it: a headless run stopped while it
# is on the screen
"$EMU" --rom "$rom" --max-insns 1000000 --screenshot "$tmp/first.png"
[ $? -eq 124 ] || fail "headless reference run did not stop at --max-insns"

cd "$tmp" || exit 1
"$EMU" --rom "$rom" --display sdl2 --screenshot "$tmp/second.png" 2>"$tmp/emu.err" &
epid=$!
k=0
titles=
hotkey=no
while kill -0 "$epid" 2>/dev/null; do
    k=$((k + 1))
    xwd -root -silent >"$tmp/frame$(printf %03d $k).xwd" 2>/dev/null
    t=$(xwininfo -root -tree 2>/dev/null | grep '"emu')
    [ -n "$t" ] && titles="$titles$t
"
    if [ $hotkey = no ] && [ $k -ge 3 ] && command -v xdotool >/dev/null 2>&1; then
        w=$(xdotool search --name '^emu' 2>/dev/null | head -n 1)
        if [ -n "$w" ]; then
            xdotool windowfocus --sync "$w" key --window "$w" ctrl+alt+s 2>/dev/null && hotkey=yes
        fi
    fi
    [ $k -gt 600 ] && { kill "$epid"; fail "emu did not end"; }
    sleep 0.1
done
wait "$epid"
status=$?
[ $status -eq 1 ] || fail "exit status $status (expected 1 from the ROM): $(cat "$tmp/emu.err")"
# emu's own complaints and the sanitizers' (host libraries may chat)
if grep -q 'Sanitizer\|runtime error\|^emu: .*\(error\|panic\)' "$tmp/emu.err"; then
    fail "messages from emu: $(cat "$tmp/emu.err")"
fi

frames=$(ls "$tmp"/frame*.xwd)
out1=$("$find" "$tmp/first.png" $frames) || fail "the first banner never appeared in the window: $out1"
out2=$("$find" "$tmp/second.png" $frames) || fail "the second banner never appeared in the window: $out2"
# the window changed from the first to the second banner, in that order
last1=$(echo "$out1" | grep ': at ' | tail -n 1 | sed 's/:.*//')
first2=$(echo "$out2" | grep ': at ' | head -n 1 | sed 's/:.*//')
[ "$last1" \< "$first2" ] || fail "the second banner showed before the first ($last1, $first2)"
echo "$titles" | grep -q '"emu - [0-9][0-9.]* MIPS' || fail "no status line (MIPS) in the window title: $titles"
# the window is gone
xwininfo -root -tree | grep -q '"emu' && fail "the window is still there after the run"

# emu's BIOS banner in the window: the BIOS boots a floppy whose boot
# sector hides the cursor (so that the screen stands still) and spins
dd if=/dev/zero of="$tmp/boot.img" bs=1024 count=1440 2>/dev/null
printf '\272\324\003\270\012\040\357\353\376' | dd of="$tmp/boot.img" conv=notrunc 2>/dev/null
printf '\125\252' | dd of="$tmp/boot.img" bs=1 seek=510 conv=notrunc 2>/dev/null
"$EMU" --fda "$tmp/boot.img" --display sdl2 --max-insns 40000000 --screenshot "$tmp/bios.png" \
    --text-dump "$tmp/bios.txt" 2>"$tmp/bios.err" &
epid=$!
k=0
while kill -0 "$epid" 2>/dev/null; do
    k=$((k + 1))
    xwd -root -silent >"$tmp/bios$(printf %03d $k).xwd" 2>/dev/null
    [ $k -gt 600 ] && { kill "$epid"; fail "emu did not end (BIOS run)"; }
    sleep 0.1
done
wait "$epid"
status=$?
[ $status -eq 124 ] || fail "BIOS run: exit status $status (expected 124): $(cat "$tmp/bios.err")"
grep -q '^emu BIOS' "$tmp/bios.txt" || fail "the BIOS banner is not on the screen: $(cat "$tmp/bios.txt")"
"$find" "$tmp/bios.png" "$tmp"/bios*.xwd >/dev/null || fail "the window never showed the BIOS screen"

if [ $hotkey = yes ]; then
    [ -f "$tmp/emu-screenshot-1.png" ] || fail "Ctrl+Alt+S did not write emu-screenshot-1.png"
    "$find" "$tmp/emu-screenshot-1.png" $frames >/dev/null ||
        fail "the hot-key screenshot shows something the window never showed"

    # a key typed into the window reaches the guest: a boot sector reads it
    # with INT 16h and prints it with INT 10h
    dd if=/dev/zero of="$tmp/key.img" bs=1024 count=1440 2>/dev/null
    # mov dx,3D4h; mov ax,200Ah; out dx,ax; xor ax,ax; int 16h;
    # mov ah,0Eh; xor bx,bx; int 10h; jmp $
    printf '\272\324\003\270\012\040\357\061\300\315\026\264\016\061\333\315\020\353\376' |
        dd of="$tmp/key.img" conv=notrunc 2>/dev/null
    printf '\125\252' | dd of="$tmp/key.img" bs=1 seek=510 conv=notrunc 2>/dev/null
    "$EMU" --fda "$tmp/key.img" --display sdl2 --max-insns 30000000 --text-dump "$tmp/key.txt" \
        2>"$tmp/key.err" &
    epid=$!
    w=
    i=0
    while [ -z "$w" ] && [ $i -lt 50 ]; do
        w=$(xdotool search --name '^emu' 2>/dev/null | head -n 1)
        i=$((i + 1))
        sleep 0.1
    done
    [ -n "$w" ] || { kill "$epid"; fail "the window for the key test did not appear"; }
    sleep 1
    xdotool windowfocus --sync "$w" key --window "$w" k 2>/dev/null
    i=0
    while kill -0 "$epid" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 300 ] && { kill "$epid"; fail "the key test did not end (key lost?)"; }
        sleep 0.1
    done
    wait "$epid"
    grep -q '^k *$' "$tmp/key.txt" || fail "the typed key did not reach the guest: $(cat "$tmp/key.txt" "$tmp/key.err")"
else
    echo "note: xdotool not installed: the screenshot hot key and typing were not tried"
fi

# SIGTERM ends a windowed run cleanly (images flushed, window closed) with
# status 128 + 15, as it does headless
"$EMU" --rom "$rom" --display sdl2 2>"$tmp/emu2.err" &
epid=$!
i=0
until xwininfo -root -tree | grep -q '"emu'; do
    i=$((i + 1))
    [ $i -gt 100 ] && { kill -9 "$epid"; fail "second window did not appear"; }
    sleep 0.1
done
kill -TERM "$epid"
wait "$epid"
status=$?
[ $status -eq 143 ] || fail "SIGTERM to a windowed run: exit status $status: $(cat "$tmp/emu2.err")"
grep -q 'signal 15: ending the run' "$tmp/emu2.err" || fail "SIGTERM did not end the run cleanly: $(cat "$tmp/emu2.err")"
echo "PASS: window showed both banners; status line: $(echo "$titles" | tail -n 2 | head -n 1)"
exit 0
