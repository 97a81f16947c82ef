#!/usr/bin/env bash
# Installs or uninstalls schannel-shim (what `make install` / `make uninstall` run).
#
#   scripts/install.sh install|uninstall
#
# Settings come from the environment (the Makefile passes its variables):
#   PREFIX (/usr/local), DESTDIR (empty), LIBDIR ($PREFIX/lib), INCLUDEDIR ($PREFIX/include),
#   DATADIR ($PREFIX/share), DOCDIR ($DATADIR/doc/schannel-shim), PKGCONFIGDIR ($LIBDIR/pkgconfig),
#   CMAKEDIR ($LIBDIR/cmake/schannel-shim), STAGE (target/lib: the built library), VERSION, RUSTC.
#
# install puts in place:
#   $LIBDIR/libschannel_shim.so.0 (the soname), libschannel_shim.so -> libschannel_shim.so.0,
#   $LIBDIR/libschannel_shim.a, $INCLUDEDIR/schannel_shim.h, the Windows header set in
#   $INCLUDEDIR/schannel-shim/win32/, schannel-shim.pc and schannel-shim-win32.pc in $PKGCONFIGDIR,
#   the CMake package in $CMAKEDIR, docs/PORTING.md and README.md in $DOCDIR,
# and records every file and every directory it made in $DATADIR/schannel-shim/install-manifest
# (paths without DESTDIR). uninstall removes exactly those files, then those directories when they
# are empty, so it leaves a prefix as it found it. An install over an earlier one first removes
# the earlier one's files (through its manifest), so nothing of an older version lingers.
set -Eeuo pipefail

mode=${1:-}
if [[ $mode != install && $mode != uninstall ]]; then
    echo "usage: $0 install|uninstall" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
LIBDIR=${LIBDIR:-$PREFIX/lib}
INCLUDEDIR=${INCLUDEDIR:-$PREFIX/include}
DATADIR=${DATADIR:-$PREFIX/share}
DOCDIR=${DOCDIR:-$DATADIR/doc/schannel-shim}
PKGCONFIGDIR=${PKGCONFIGDIR:-$LIBDIR/pkgconfig}
CMAKEDIR=${CMAKEDIR:-$LIBDIR/cmake/schannel-shim}
STAGE=${STAGE:-$root/target/lib}
RUSTC=${RUSTC:-rustc}
VERSION=${VERSION:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)}
MANIFEST=$DATADIR/schannel-shim/install-manifest

for v in PREFIX LIBDIR INCLUDEDIR DATADIR DOCDIR PKGCONFIGDIR CMAKEDIR; do
    if [[ ${!v} != /* ]]; then
        echo "$0: $v must be an absolute path (got '${!v}')" >&2
        exit 2
    fi
done

uninstall() {
    local kind path dirs=()
    if [[ ! -f $DESTDIR$MANIFEST ]]; then
        echo "schannel-shim: nothing to uninstall ($DESTDIR$MANIFEST does not exist)" >&2
        return 1
    fi
    while read -r kind path; do
        case $kind in
            f) rm -f -- "$DESTDIR$path" ;;
            d) dirs+=("$path") ;;
        esac
    done <"$DESTDIR$MANIFEST"
    rm -f -- "$DESTDIR$MANIFEST"
    # Deepest first: the directories were recorded parents before children.
    local i
    for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
        rmdir -- "$DESTDIR${dirs[i]}" 2>/dev/null || true
    done
    echo "schannel-shim: uninstalled from ${DESTDIR}${PREFIX}"
}

if [[ $mode == uninstall ]]; then
    uninstall
    exit 0
fi

# ----------------------------------------------------------------------------------- install

for f in "$STAGE/libschannel_shim.so" "$STAGE/libschannel_shim.a" "$root/include/schannel_shim.h" \
    "$root/include/win32/windows.h" "$root/docs/PORTING.md" "$root/README.md"; do
    if [[ ! -f $f ]]; then
        echo "$0: $f does not exist (make build, make header)" >&2
        exit 1
    fi
done
if [[ -z $VERSION ]]; then
    echo "$0: no version (Cargo.toml)" >&2
    exit 1
fi

if [[ -f $DESTDIR$MANIFEST ]]; then
    uninstall >/dev/null
fi

# What a program linking libschannel_shim.a needs besides it: the Rust standard library's system
# libraries, as rustc reports them for a staticlib. The crate's own dependencies add none (ring's
# C and assembly are compiled into the archive); the static-link test in tests-c/port proves it.
work=$(mktemp -d "${TMPDIR:-/tmp}/schannel-shim-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/empty.rs"
static_libs=$("$RUSTC" --crate-type staticlib --crate-name probe --print native-static-libs \
    -o "$work/libprobe.a" "$work/empty.rs" 2>&1 | sed -n 's/.*native-static-libs: //p' | head -n 1)
if [[ -z $static_libs ]]; then
    echo "$0: could not get the native static libraries from $RUSTC" >&2
    exit 1
fi
# CMake's schannel-shim::static serves the usual CMake case, the archive in a dynamic program:
# rustc's list as it is ("-lgcc_s;-lutil;..."). pkg-config --static serves a static link
# (-static), which has no shared libgcc_s: its static form libgcc_eh carries the unwinder (what
# rustc links for a crt-static program), and also works in a dynamic program.
static_libs_cmake=${static_libs// /;}
static_libs=${static_libs//-lgcc_s/-lgcc_eh}

if [[ -n $DESTDIR ]]; then
    mkdir -p -- "$DESTDIR"
fi
manifest_tmp=$work/manifest
: >"$manifest_tmp"
# If a step fails, what was installed so far is still recorded, so `make uninstall` removes it.
trap 'mkdir -p -- "$(dirname "$DESTDIR$MANIFEST")" && echo "f $MANIFEST" >>"$manifest_tmp" &&
      cp -- "$manifest_tmp" "$DESTDIR$MANIFEST"; rm -rf "$work"' ERR

# mkdirs DIR: makes DIR and its missing parents, recording those it made (parents first).
mkdirs() {
    local dir=$1 missing=() d
    d=$dir
    while [[ $d != / && ! -d $DESTDIR$d ]]; do
        missing=("$d" "${missing[@]}")
        d=$(dirname "$d")
    done
    for d in "${missing[@]}"; do
        mkdir -- "$DESTDIR$d"
        echo "d $d" >>"$manifest_tmp"
    done
}

# put MODE SRC DEST: installs a file (DEST is the full path without DESTDIR).
put() {
    mkdirs "$(dirname "$3")"
    install -m "$1" -- "$2" "$DESTDIR$3"
    echo "f $3" >>"$manifest_tmp"
}

# subst SRC DEST: SRC with the @NAME@ placeholders filled in, as a file in $work.
subst() {
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@INCLUDEDIR@|$INCLUDEDIR|g" \
        -e "s|@VERSION@|$VERSION|g" -e "s|@STATIC_LIBS@|$static_libs|g" \
        -e "s|@STATIC_LIBS_CMAKE@|$static_libs_cmake|g" -e "s|@CMAKE_TO_PREFIX@|$cmake_to_prefix|g" \
        -e "s|@LIBDIR_REL@|$libdir_rel|g" -e "s|@INCLUDEDIR_REL@|$includedir_rel|g" "$1" >"$2"
}

# relative PATH BASE: PATH relative to BASE (both absolute, normalised).
relative() {
    realpath -m --relative-to="$2" "$1"
}

# The CMake package finds the prefix from its own place; LIBDIR and INCLUDEDIR must lie under
# PREFIX for that (the usual layout).
cmake_to_prefix=$(relative "$PREFIX" "$CMAKEDIR")
libdir_rel=$(relative "$LIBDIR" "$PREFIX")
includedir_rel=$(relative "$INCLUDEDIR" "$PREFIX")
if [[ $libdir_rel == ..* || $includedir_rel == ..* ]]; then
    echo "$0: LIBDIR and INCLUDEDIR must be inside PREFIX for the CMake package" >&2
    exit 2
fi

put 0755 "$STAGE/libschannel_shim.so" "$LIBDIR/libschannel_shim.so.0"
mkdirs "$LIBDIR"
ln -sfn libschannel_shim.so.0 "$DESTDIR$LIBDIR/libschannel_shim.so"
echo "f $LIBDIR/libschannel_shim.so" >>"$manifest_tmp"
put 0644 "$STAGE/libschannel_shim.a" "$LIBDIR/libschannel_shim.a"
put 0644 "$root/include/schannel_shim.h" "$INCLUDEDIR/schannel_shim.h"
for h in "$root"/include/win32/*.h; do
    put 0644 "$h" "$INCLUDEDIR/schannel-shim/win32/$(basename "$h")"
done
for pc in schannel-shim schannel-shim-win32; do
    subst "$root/pkgconfig/$pc.pc.in" "$work/$pc.pc"
    put 0644 "$work/$pc.pc" "$PKGCONFIGDIR/$pc.pc"
done
for f in schannel-shimConfig.cmake schannel-shimConfigVersion.cmake; do
    subst "$root/cmake/$f.in" "$work/$f"
    put 0644 "$work/$f" "$CMAKEDIR/$f"
done
put 0644 "$root/docs/PORTING.md" "$DOCDIR/PORTING.md"
put 0644 "$root/README.md" "$DOCDIR/README.md"

mkdirs "$(dirname "$MANIFEST")"
echo "f $MANIFEST" >>"$manifest_tmp"
install -m 0644 -- "$manifest_tmp" "$DESTDIR$MANIFEST"
echo "schannel-shim $VERSION: installed into ${DESTDIR}${PREFIX} ($(grep -c '^f ' "$manifest_tmp") files, manifest $MANIFEST)"
