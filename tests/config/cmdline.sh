#!/bin/sh
# tests/config/cmdline.sh: the command line: --help, errors for bad
# options and missing files, Bochs's arguments, the terminal mirror of the
# text screen and the headless default.
#
# Environment: EMU (automake). Exit: 0 pass, 1 fail, 77 skip.
[ -x "$EMU" ] || { echo "SKIP: EMU is not set"; exit 77; }
rom=$(pwd)/tests/gui/banner.rom
failed=0
tmp=$(mktemp -d /tmp/emu-cmdline.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# expect STATUS 'stderr' args...: exit status and the exact message
expect() {
    want_status=$1
    want=$2
    shift 2
    got=$("$EMU" "$@" 2>&1 >/dev/null)
    status=$?
    if [ $status -ne "$want_status" ] || [ "$got" != "$want" ]; then
        echo "FAIL: emu $*"
        echo "  expected status $want_status: $want"
        echo "  got status $status:      $got"
        failed=1
    else
        echo "ok: emu $*"
    fi
}

help=$("$EMU" --help)
[ $? -eq 0 ] || { echo "FAIL: --help exit status"; failed=1; }
for word in "Exit status:" "124 --max-insns reached" "-f FILE" "--hda IMAGE" "--cdrom ISO" "--fda IMAGE" \
    "--boot LIST" "--kernel FILE" "--serial MODE" "--display KIND" "--gdb [PORT]" "--screenshot FILE" \
    "--text-dump FILE" "-rc FILE" "emu(1)"; do
    case $help in
    *"$word"*) ;;
    *) echo "FAIL: --help does not mention '$word'"; failed=1 ;;
    esac
done

expect 1 "emu: unknown option '--frobnicate' (see emu --help)" --frobnicate
expect 1 "emu: option --hda needs a value (see emu --help)" --hda
expect 1 "emu: --hda /nonexistent/disk.img: No such file or directory" --hda /nonexistent/disk.img
expect 1 "emu: --cdrom /nonexistent/cd.iso: No such file or directory" --cdrom /nonexistent/cd.iso
expect 1 "emu: --fda /nonexistent/a.img: No such file or directory" --fda /nonexistent/a.img
expect 1 "emu: --boot: expected up to three of floppy, disk, cdrom, network; got 'tape'" --boot tape
expect 1 "emu: --serial: unknown mode 'carrier-pigeon' (expected null, stdout, pty, file:PATH, term:DEV, socket-server:HOST:PORT or socket-client:HOST:PORT)" --serial carrier-pigeon
expect 1 "emu: --serial file: expected file:PATH" --serial file
expect 1 "emu: --gdb: port 70000 is outside 1..65535" --gdb 70000
expect 1 "emu: --display: unknown display 'vga' (expected none, sdl2 or term)" --display vga
expect 1 "emu: -rc /nonexistent/cmds: No such file or directory" -rc /nonexistent/cmds
expect 1 "emu: -f given twice ('a' and 'b'); emu reads one configuration file" -f a -f b
# Bochs's arguments and configuration lines are accepted
expect 0 "" -q -n --check-config 'megs: 8' 'boot: cdrom'
expect 0 "" --check-config --boot cdrom,disk --serial socket-server:127.0.0.1:4555 --gdb --trace

# --display sdl2 without a display is a clear error, not a crash
got=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$EMU" --rom "$rom" --display sdl2 2>&1)
status=$?
case $got in
"emu: --display sdl2: no display to open a window on (\$DISPLAY and \$WAYLAND_DISPLAY are not set); use --display none or --display term" | \
"emu: --display sdl2: this emu was built without SDL2 (install libsdl2-dev and rebuild); use --display none or term")
    [ $status -eq 1 ] || { echo "FAIL: --display sdl2 without a display: status $status"; failed=1; } ;;
*) echo "FAIL: --display sdl2 without a display: $got"; failed=1 ;;
esac

# --display term mirrors the text screen; the default (nogui) prints nothing
"$EMU" --rom "$rom" --display term --max-insns 1000000 >"$tmp/term.out" 2>"$tmp/term.err"
status=$?
if [ $status -ne 124 ] || ! grep -q '^---- emu: screen 80x25 ----$' "$tmp/term.out" ||
    ! grep -q '^emu display test: first banner$' "$tmp/term.out"; then
    echo "FAIL: --display term: status $status, output:"
    cat "$tmp/term.out" "$tmp/term.err"
    failed=1
else
    echo "ok: --display term"
fi
# the same from a configuration line
"$EMU" --rom "$rom" 'display_library: term' --max-insns 1000000 >"$tmp/term2.out" 2>&1
grep -q '^emu display test: first banner$' "$tmp/term2.out" || { echo "FAIL: display_library: term"; failed=1; }
"$EMU" --rom "$rom" --max-insns 1000000 >"$tmp/nogui.out" 2>/dev/null
[ $? -eq 124 ] && [ ! -s "$tmp/nogui.out" ] || { echo "FAIL: headless run printed: $(cat "$tmp/nogui.out")"; failed=1; }
# log: FILE, logprefix: and action=fatal (Bochs's log settings)
"$EMU" --rom "$rom" --max-insns 200000 'log: '"$tmp/emu.log" 'logprefix: %e%d:' >/dev/null 2>"$tmp/log.err"
if [ $? -ne 124 ] || [ -s "$tmp/log.err" ] || ! grep -q '^i\[machine\]: stopped after 200000 instructions' "$tmp/emu.log"; then
    echo "FAIL: log file / logprefix:"; cat "$tmp/log.err" "$tmp/emu.log"; failed=1
else
    echo "ok: log file and logprefix"
fi
# pm_exc reads an unknown MSR, which is logged at info level mid-run
"$EMU" --rom tests/roms/pm_exc.rom --max-insns 20000000 'info: action=fatal' >/dev/null 2>"$tmp/fatal.err"
status=$?
if [ $status -ne 1 ]; then
    echo "FAIL: info: action=fatal ended with status $status"; cat "$tmp/fatal.err"; failed=1
else
    echo "ok: action=fatal ends the run"
fi
exit $failed
