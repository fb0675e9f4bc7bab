#!/bin/sh
# install.sh — checks `make install`: it installs the binary, both libraries,
# the header, a pkg-config file and the man page under PREFIX; the C example
# in README.md compiles against the installed header with the flags from
# `pkg-config --static --cflags --libs khabar`, links both shared and
# static, and runs; the man page renders.
#
# Run by tests/run.sh with KHABAR set to the binary under test. The
# sanitized run (SANITIZED=1) has nothing to add here, so it passes at once.
set -u
[ "${SANITIZED:-0}" = 1 ] && exit 0
: "${KHABAR:?set KHABAR to the khabar binary}"

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
build=$(cd "$(dirname "$KHABAR")" && pwd) || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/khabar-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() {
    echo "FAIL: $*"
    exit 1
}

echo "make install PREFIX=$prefix BUILD=$build"
make -s --no-print-directory -C "$root" install PREFIX="$prefix" \
    BUILD="$build" >"$tmp/make.log" 2>&1 || {
    cat "$tmp/make.log"
    fail "make install"
}
for f in bin/khabar lib/libkhabar.a lib/libkhabar.so lib/libkhabar.so.0 \
    include/khabar.h lib/pkgconfig/khabar.pc share/man/man1/khabar.1; do
    [ -e "$prefix/$f" ] || fail "make install did not install $f"
done
"$prefix/bin/khabar" --version | grep -q "khabar [0-9]" ||
    fail "installed khabar --version"

# pkg-config must know the installed library, with the header's version.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
version=$(sed -n 's/.*KH_VERSION_STRING "\(.*\)".*/\1/p' "$prefix/include/khabar.h")
[ "$(pkg-config --modversion khabar)" = "$version" ] ||
    fail "pkg-config --modversion khabar is not $version"
cflags=$(pkg-config --cflags khabar) || fail "pkg-config --cflags khabar"
libs=$(pkg-config --static --libs khabar) || fail "pkg-config --libs khabar"
echo "pkg-config: $cflags $libs"

# The README's first C example, byte for byte.
awk '/^```c$/ { inside = 1; next } inside && /^```/ { exit } inside' \
    "$root/README.md" >"$tmp/example.c"
[ -s "$tmp/example.c" ] || fail "README.md has no \`\`\`c example"

# Shared: -lkhabar finds libkhabar.so; static: the archive itself.
cc -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/example" "$tmp/example.c" \
    $libs || fail "README example does not compile against the install"
static_libs=$(echo "$libs" | sed "s|-lkhabar|$prefix/lib/libkhabar.a|")
cc -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/example-static" \
    "$tmp/example.c" $static_libs || fail "README example does not link statically"

LD_LIBRARY_PATH="$prefix/lib" "$tmp/example" >"$tmp/out.txt" 2>&1 ||
    { cat "$tmp/out.txt"; fail "README example (shared) exits non-zero"; }
"$tmp/example-static" >"$tmp/out-static.txt" 2>&1 ||
    { cat "$tmp/out-static.txt"; fail "README example (static) exits non-zero"; }
cat "$tmp/out.txt"
cmp -s "$tmp/out.txt" "$tmp/out-static.txt" ||
    fail "shared and static builds of the example print different things"
[ "$(grep -c '^sentence ' "$tmp/out.txt")" -ge 2 ] ||
    fail "README example did not print its two sentences"

# The man page renders without warnings and documents `analyze`.
page=$prefix/share/man/man1/khabar.1
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z -Tutf8 "$page" >"$tmp/groff.log" 2>&1
    [ -s "$tmp/groff.log" ] && { cat "$tmp/groff.log"; fail "groff warns about khabar.1"; }
fi
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$page" >"$tmp/man.txt" \
        2>"$tmp/man.err" || fail "man -l khabar.1"
    grep -i "warning" "$tmp/man.err" && fail "man -l warns about khabar.1"
    grep -q "analyze" "$tmp/man.txt" || fail "man page does not describe analyze"
    echo "man page: $(wc -l <"$tmp/man.txt") lines"
else
    grep -q '^\.TH KHABAR 1' "$page" || fail "khabar.1 is not a man page"
fi
echo "install: ok"
