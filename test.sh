#!/bin/sh
# test.sh: sets up (see setup.sh) and runs every test: `make check` in build/
# (unit tests, test ROMs, the decoder oracle, the conformance runner, the
# configuration, display, debugger, BIOS and boot tests), the Linux boot
# (`make check-linux`: Debian's kernel with a busybox initramfs), then the
# unit tests and ROMs again in build-asan/ under AddressSanitizer and
# UndefinedBehaviorSanitizer (`make check-fast`). Ends with
# "N passed, N failed".
set -e
cd "$(dirname "$0")"
./setup.sh
top=$PWD
status=0

make -C build -j"$(nproc)" --no-print-directory check || status=1

# the Linux boot needs a kernel and busybox from Debian
linux_pass=0 linux_fail=0
missing=""
for p in linux-image-amd64 busybox-static cpio; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if make -C build --no-print-directory check-linux; then
    linux_pass=1
else
    linux_fail=1
    status=1
fi

mkdir -p build-asan
cd build-asan
[ -f Makefile ] || ../configure --quiet --enable-sanitizers --without-sdl2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
make -j"$(nproc)" --no-print-directory check-fast || status=1
cd "$top"

# one closing line over both builds, from automake's test logs
pass=$linux_pass fail=$linux_fail
for log in build/test-suite.log build-asan/test-suite.log; do
    [ -f "$log" ] || { fail=$((fail + 1)); continue; }
    p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
    f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
    e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
    x=$(sed -n 's/^# XPASS: *//p' "$log" | head -1)
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0} + ${e:-0} + ${x:-0}))
done
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed"
exit $status
