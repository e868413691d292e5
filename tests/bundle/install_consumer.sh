#!/bin/sh
# Installs the kbbundle reader from BUILD_DIR into a temporary prefix, then builds and runs
# C and C++ consumers against it with find_package(kbbundle), and checks kbbundle.pc.
# usage: install_consumer.sh BUILD_DIR CONSUMER_SRC KBCHECK KB_DIR CC CXX SANITIZE
set -eu
build=$1 src=$2 kbcheck=$3 kb=$4 cc=$5 cxx=$6 sanitize=${7:-OFF}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=""
case "$sanitize" in ON|on|1|TRUE|true) flags="-fsanitize=address,undefined";; esac

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
# Only the reader is installed: no kbcheck, no internal libraries.
if find "$tmp/prefix" -name 'libkb_*' | grep -q .; then echo "internal library installed"; exit 1; fi
test -f "$tmp/prefix/include/kbbundle/kbbundle.h"
test -f "$tmp/prefix/lib/pkgconfig/kbbundle.pc" || test -f "$tmp/prefix/lib/x86_64-linux-gnu/pkgconfig/kbbundle.pc" \
  || ls "$tmp"/prefix/lib*/pkgconfig/kbbundle.pc >/dev/null

cmake -S "$src" -B "$tmp/build" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$tmp/cfg.log"
cmake --build "$tmp/build" >"$tmp/build.log"

"$kbcheck" bundle "$kb" -o "$tmp/kb.kbb" >/dev/null
libdir=$(dirname "$(find "$tmp/prefix" -name 'libkbbundle.so*' | head -n1)")
out_c=$(LD_LIBRARY_PATH="$libdir" "$tmp/build/consumer_c" "$tmp/kb.kbb" rs4646)
out_cxx=$("$tmp/build/consumer_cxx" "$tmp/kb.kbb" rs4646)
echo "$out_c"
echo "$out_cxx"
test "$out_c" = "c mini-kb 1.0.0 EV0001:increased"
test "$out_cxx" = "cxx mini-kb 1.0.0 EV0001:increased"

# pkg-config: a C program compiled by hand against the .pc file.
pcdir=$(dirname "$(find "$tmp/prefix" -name kbbundle.pc | head -n1)")
PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs kbbundle >"$tmp/pc.txt"
# shellcheck disable=SC2046
"$cc" $flags "$src/main.c" -o "$tmp/pc_consumer" $(cat "$tmp/pc.txt")
test "$(LD_LIBRARY_PATH="$libdir" "$tmp/pc_consumer" "$tmp/kb.kbb" rs4646)" = "$out_c"
echo "install consumer: ok"
