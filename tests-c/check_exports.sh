#!/usr/bin/env bash
# CONTRACT §1
# Checks what libschannel_shim.so exports (run by CTest as `check_exports`):
#
#   tests-c/check_exports.sh LIB.so VERSION_SCRIPT
#
# - the soname (readelf -d) is libschannel_shim.so.0;
# - every dynamic symbol the library defines (nm -D --defined-only) is in the version
#   script build.rs generated from src/exports (staged as target/lib/schannel_shim.map):
#   nothing else leaks, not Rust internals, not a dependency's #[no_mangle] item;
# - every name in that list is exported: the scan and the build agree (an export behind a
#   #[cfg] or made by a macro shows up here).
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 LIB.so VERSION_SCRIPT" >&2
    exit 2
fi
lib=$1 map=$2
want_soname=libschannel_shim.so.0
fail=0

for f in "$lib" "$map"; do
    if [[ ! -f $f ]]; then
        echo "check_exports: $f does not exist (run make build)" >&2
        exit 1
    fi
done

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [[ $soname != "$want_soname" ]]; then
    echo "FAIL: soname is '${soname:-<none>}', want '$want_soname'"
    fail=1
else
    echo "ok: soname $soname"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Names between "global:" and "local:", one per line, without the ';'.
awk '/^[[:space:]]*global:/ {g=1; next} /^[[:space:]]*local:/ {g=0} g && NF {gsub(/[;[:space:]]/, ""); print}' \
    "$map" | sort -u >"$tmp/listed"
# Defined dynamic symbols; drop any @VERSION suffix.
nm -D --defined-only "$lib" | awk 'NF >= 3 {print $3}' | sed 's/@.*//' | sort -u >"$tmp/exported"

comm -23 "$tmp/exported" "$tmp/listed" >"$tmp/extra"
comm -13 "$tmp/exported" "$tmp/listed" >"$tmp/missing"

if [[ -s $tmp/extra ]]; then
    echo "FAIL: exported but not in $map (not a #[no_mangle] fn under src/exports?):"
    sed 's/^/    /' "$tmp/extra"
    fail=1
fi
if [[ -s $tmp/missing ]]; then
    echo "FAIL: in $map but not exported by $lib:"
    sed 's/^/    /' "$tmp/missing"
    fail=1
fi
n=$(wc -l <"$tmp/exported")
if [[ $fail -eq 0 ]]; then
    echo "ok: $n exported symbols, exactly the generated list"
fi
exit "$fail"
