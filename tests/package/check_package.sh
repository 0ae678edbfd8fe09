#!/usr/bin/env bash
# The Debian package as an IT person gets it: built with scripts/package, its metadata and contents checked
# (dpkg-deb -I/-c, lintian, desktop-file-validate, appstreamcli, man), unpacked into a scratch root
# (dpkg -x) and run from there: --version, and `code` on the shipped example with the configuration
# found in ROOT/etc/infusiondoc first, then ROOT/usr/share/infusiondoc/config.
# Usage: tests/package/check_package.sh PROJECT_VERSION   (from the top of the checkout; CTest does this)
set -euo pipefail
version=$1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/infusiondoc-package-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect_in() {  # expect_in WHAT TEXT NEEDLE
  grep -qF -- "$3" <<<"$2" || fail "$1 lacks '$3'"
}

# ---- 1. build --------------------------------------------------------------------------------------
deb=$(scripts/package "$scratch/out" | tail -n 1)
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "infusiondoc_${version}_${arch}.deb" ]] || fail "package file is $deb, not infusiondoc_${version}_${arch}.deb"
echo "built $deb ($(stat -c %s "$deb") bytes)"

# ---- 2. metadata -----------------------------------------------------------------------------------
info=$(dpkg-deb -I "$deb")
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == infusiondoc ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), project version $version"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "Depends: $depends"
# Computed by dpkg-shlibdeps (versioned), plus the two data packages no linker sees.
for lib in libc6 libstdc++6 libglfw3 libsqlite3-0 libsodium23 libtomlplusplus3 fonts-dejavu-core fonts-wqy-microhei tzdata; do
  expect_in Depends "$depends" "$lib"
done
grep -qE 'libglfw3 \(>= [0-9]' <<<"$depends" || fail "Depends: libglfw3 has no version: not from dpkg-shlibdeps"
expect_in "control files" "$info" "conffiles"
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
for name in clinic.toml coding-rules.toml substances.toml sites.toml; do
  expect_in conffiles "$conffiles" "/etc/infusiondoc/$name"
done

# ---- 3. contents -----------------------------------------------------------------------------------
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/infusiondoc ./usr/share/infusiondoc/config/coding-rules.toml ./etc/infusiondoc/clinic.toml \
  ./usr/share/applications/infusiondoc.desktop ./usr/share/metainfo/org.example.infusiondoc.metainfo.xml \
  ./usr/share/icons/hicolor/scalable/apps/infusiondoc.svg ./usr/share/man/man1/infusiondoc.1.gz \
  ./usr/share/doc/infusiondoc/copyright ./usr/share/doc/infusiondoc/changelog.gz \
  ./usr/share/doc/infusiondoc/README.md ./usr/share/doc/infusiondoc/examples/hizentra-two-sites.toml; do
  grep -qE " $path\$" <<<"$contents" || fail "package lacks $path"
done
for size in 16 22 24 32 48 64 128 256 512; do
  grep -qE " ./usr/share/icons/hicolor/${size}x${size}/apps/infusiondoc.png\$" <<<"$contents" ||
    fail "package lacks the ${size}x${size} icon"
done
if grep -vE '^[-dl][rwx-]{9} root/root ' <<<"$contents"; then fail "files above are not owned by root/root"; fi

# ---- 4. the files a desktop and a software centre read, checked with their own validators ----------
root=$scratch/root
dpkg -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/infusiondoc.desktop" || fail "desktop-file-validate"
exec_line=$(sed -n 's/^Exec=//p' "$root/usr/share/applications/infusiondoc.desktop")
[[ -x $root/usr/bin/${exec_line%% *} ]] || fail "the launcher runs '$exec_line', which the package does not install"
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/usr/share/metainfo/org.example.infusiondoc.metainfo.xml" >/dev/null ||
    fail "appstreamcli validate --no-net"
fi
for size in 16 48 512; do
  png=$root/usr/share/icons/hicolor/${size}x${size}/apps/infusiondoc.png
  # PNG header: width and height are the big-endian words at bytes 16 and 20.
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4 "x" $7*256+$8}')
  [[ $dims == "${size}x${size}" ]] || fail "${size}x${size} icon is $dims"
done

# ---- 5. the manual page covers every command -------------------------------------------------------
program=$root/usr/bin/infusiondoc
man_text=$(MANWIDTH=100 man -l "$root/usr/share/man/man1/infusiondoc.1.gz" 2>/dev/null | col -b)
for heading in NAME SYNOPSIS OPTIONS COMMANDS FILES "EXIT STATUS"; do
  grep -qE "^$heading" <<<"$man_text" || fail "manual page lacks the $heading section"
done
expect_in "manual page" "$man_text" "--config"
expect_in "manual page" "$man_text" "/etc/infusiondoc/"
commands=$("$program" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z0-9-]*\).*/\1/p')
[[ -n $commands ]] || fail "infusiondoc --help lists no commands"
for command in $commands; do
  grep -qE "^ +infusiondoc $command( |\$)" <<<"$man_text" || fail "manual page has no section for '$command'"
done

# ---- 6. run from the scratch root ------------------------------------------------------------------
work=$scratch/work  # a folder without ./config, as a user's home would be
mkdir -p "$work"
cd "$work"
unset INFUSIONDOC_CONFIG
export HOME=$scratch/home
example=$root/usr/share/doc/infusiondoc/examples/hizentra-two-sites.toml
version_out=$("$program" --version)
[[ $(head -n 1 <<<"$version_out") == "infusiondoc $version" ]] || fail "--version printed '$version_out'"
grep -qE '^commit ([0-9a-f]{12}(-dirty)?|unknown)$' <<<"$version_out" || fail "--version names no commit: '$version_out'"

status=0
out=$("$program" code "$example" 2>&1) || status=$?
[[ $status == 0 ]] || fail "code on the example exited $status: $out"
expect_in "code output" "$out" "billable"
expect_in "code output" "$out" "96369"

# /etc comes first: a broken clinic copy is what the program reads, and it says which file.
cp "$root/etc/infusiondoc/coding-rules.toml" "$scratch/coding-rules.toml"
echo 'this is = = not toml' >>"$root/etc/infusiondoc/coding-rules.toml"
status=0
out=$("$program" code "$example" 2>&1) || status=$?
[[ $status == 2 ]] || fail "a broken /etc/infusiondoc/coding-rules.toml: exit $status, not 2"
expect_in "error for a broken /etc copy" "$out" "$root/etc/infusiondoc/coding-rules.toml"

# Without the clinic's copy, the package's defaults in /usr/share are used.
rm -f "$root"/etc/infusiondoc/*.toml
status=0
out=$("$program" code "$example" 2>&1) || status=$?
[[ $status == 0 ]] || fail "code with /etc/infusiondoc empty exited $status: $out"
echo 'this is = = not toml' >>"$root/usr/share/infusiondoc/config/coding-rules.toml"
status=0
out=$("$program" code "$example" 2>&1) || status=$?
expect_in "error for a broken /usr/share copy" "$out" "$root/usr/share/infusiondoc/config/coding-rules.toml"
cd - >/dev/null

# ---- 7. lintian: no errors (warnings are listed in docs/packaging.md) --------------------------------
if command -v lintian >/dev/null; then
  lintian_out=$(lintian --fail-on error "$deb" 2>&1) || fail "lintian reports errors"
  [[ -z $lintian_out ]] || echo "$lintian_out"
else
  echo "lintian not installed: skipped (scripts/install-deps installs it)"
fi

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "package checks passed"
