#!/bin/sh
# setup.sh: installs the Debian packages the build and the tests need (when
# missing; needs root for that), generates the build system and builds emu
# in build/. Idempotent: a second run only rebuilds what changed.
set -e
cd "$(dirname "$0")"

PKGS="gcc make autoconf automake pkg-config nasm zlib1g-dev libpng-dev libsdl2-dev
      libreadline-dev libcriterion-dev libjson-c-dev libcapstone-dev xvfb x11-apps x11-utils
      acpica-tools
      xorriso syslinux isolinux syslinux-common mtools dosfstools seabios bochsbios vgabios grub-pc-bin
      xdotool"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup.sh: these Debian packages are missing and installing them needs root:$missing" >&2
        exit 1
    fi
    echo "setup.sh: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi
fi
mkdir -p build
cd build
[ -f Makefile ] || ../configure --quiet
make -j"$(nproc)" --no-print-directory
