#!/usr/bin/env bash
# The porting kit end to end (CTest: port_install), as a porter and a packager use it:
#
#  1. `make install DESTDIR=... PREFIX=/usr` stages a tree whose pkg-config and CMake files name
#     /usr; `make uninstall` with the same settings leaves the stage empty.
#  2. `make install PREFIX=<tmp>/prefix` into a prefix that already holds a file of someone else;
#     every promised file is there (library + soname link, archive, headers, the Windows header
#     set in its case spellings, pkg-config, CMake package, porting guide).
#  3. Out of tree, from that prefix only, tests-c/port/port_client.c (Windows Schannel code) is
#     built: as C and as C++17 with `pkg-config --cflags --libs schannel-shim-win32` (which
#     brings -fshort-wchar) plus -Wall -Wextra -Werror; statically with `pkg-config --static`;
#     and through find_package(schannel-shim) (C, C++, static). wchar_mode.c checks the wchar_t
#     each gives: 16 bits from schannel-shim-win32 (and schannel-shim::win32), 32 bits with
#     -fno-short-wchar appended (the opt-out) and from the plain schannel-shim package. Each fetches a page from openssl s_server on
#     127.0.0.1: TLS 1.2 through SCHANNEL_CRED and through SCH_CREDENTIALS with TLS 1.3 disabled,
#     TLS 1.3 through SCH_CREDENTIALS; the server's page must name the same protocol.
#  4. `make uninstall` removes every installed file and directory, and only those.
#
# Environment (tests-c/CMakeLists.txt sets it): SCHSHIM_SOURCE_DIR, SCHSHIM_CERTS, SCHSHIM_SCRIPTS,
# SCHSHIM_PKG_CONFIG, SCHSHIM_CMAKE, SCHSHIM_MAKE, SCHSHIM_CC, SCHSHIM_CXX (not CC/CXX: the inner
# make runs cargo, and a changed CC makes ring's build script, hence the library, rebuild).
set -Eeuo pipefail
# (With pipefail, `cmd | grep -q` fails when grep stops reading early: outputs are captured first.)

if [[ -z ${SCHSHIM_PORT_TIMED:-} ]]; then
    export SCHSHIM_PORT_TIMED=1
    exec timeout -k 5 "${SCHSHIM_PORT_TIMEOUT:-230}" bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
root=${SCHSHIM_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
scripts=${SCHSHIM_SCRIPTS:-$root/scripts}
pkg_config=${SCHSHIM_PKG_CONFIG:-pkg-config}
cmake=${SCHSHIM_CMAKE:-cmake}
make_=${SCHSHIM_MAKE:-make}
cc=${SCHSHIM_CC:-cc}
cxx=${SCHSHIM_CXX:-c++}
flags=(-Wall -Wextra -Werror)

work=$(mktemp -d "${TMPDIR:-/tmp}/port_test.XXXXXX")
spid=
cleanup() {
    if [[ -n $spid ]]; then
        kill "$spid" 2>/dev/null || true
        wait "$spid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
ok() { echo "ok   $*"; }
bad() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
# step NAME CMD...: runs CMD with its output in $work/NAME.log, shown on failure.
step() {
    local name=$1 t0=$EPOCHREALTIME
    shift
    if "$@" >"$work/$name.log" 2>&1; then
        ok "$name ($(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'))"
        return 0
    fi
    bad "$name: $*"
    sed 's/^/     | /' "$work/$name.log" | tail -n 40 || true
    return 1
}

certs=${SCHSHIM_CERTS:-}
if [[ -z $certs || ! -f $certs/.done ]]; then
    certs=$work/certs
    bash "$root/tests-c/certs.sh" "$certs"
fi

# The tests run inside `make ctest`: the inner make must not inherit the outer one's jobserver.
run_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$make_" -s -C "$root" "$@"; }

files_under() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort); }

# ---------------------------------------------------------------- 1. staged install (DESTDIR)

stage=$work/stage
step stage_install run_make install DESTDIR="$stage" PREFIX=/usr || true
if [[ -f $stage/usr/lib/pkgconfig/schannel-shim.pc ]] &&
    grep -qx 'prefix=/usr' "$stage/usr/lib/pkgconfig/schannel-shim.pc" &&
    grep -qx 'libdir=/usr/lib' "$stage/usr/lib/pkgconfig/schannel-shim.pc" &&
    [[ -z $(find "$stage" -mindepth 1 -maxdepth 1 ! -name usr) ]]; then
    ok "stage: files under DESTDIR/usr, pkg-config names /usr"
else
    bad "stage: layout or pkg-config prefix"
fi
step stage_uninstall run_make uninstall DESTDIR="$stage" PREFIX=/usr || true
left=$(find "$stage" -mindepth 1 2>/dev/null | head -n 5 || true)
if [[ -z $left ]]; then
    ok "stage: uninstall left nothing"
else
    bad "stage: uninstall left: $left"
fi

# ---------------------------------------------------------------- 2. install into a prefix

prefix=$work/prefix
mkdir -p "$prefix/lib" "$prefix/include"
echo "not ours" >"$prefix/lib/someone-else.txt"
before=$(cd "$prefix" && find . | sort)
step install run_make install PREFIX="$prefix" || { echo "port_test: cannot go on without an install"; exit 1; }

expected=(
    lib/libschannel_shim.so.0 lib/libschannel_shim.so lib/libschannel_shim.a
    include/schannel_shim.h
    lib/pkgconfig/schannel-shim.pc lib/pkgconfig/schannel-shim-win32.pc
    lib/cmake/schannel-shim/schannel-shimConfig.cmake lib/cmake/schannel-shim/schannel-shimConfigVersion.cmake
    share/doc/schannel-shim/PORTING.md
)
for h in windows.h Windows.h winsock2.h WinSock2.h winsock.h ws2tcpip.h WS2tcpip.h security.h Security.h \
    sspi.h schannel.h Schannel.h schnlsp.h wincrypt.h wintrust.h winerror.h tchar.h subauth.h shlwapi.h; do
    expected+=("include/schannel-shim/win32/$h")
done
missing=()
for f in "${expected[@]}"; do
    [[ -f $prefix/$f ]] || missing+=("$f")
done
if [[ ${#missing[@]} -eq 0 && -L $prefix/lib/libschannel_shim.so &&
    $(readlink "$prefix/lib/libschannel_shim.so") == libschannel_shim.so.0 &&
    ! -L $prefix/lib/libschannel_shim.so.0 ]]; then
    ok "install: ${#expected[@]} promised files, libschannel_shim.so -> libschannel_shim.so.0"
else
    bad "install: missing ${missing[*]:-nothing} (or the .so link is wrong)"
fi

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
if [[ $("$pkg_config" --modversion schannel-shim-win32) == "$version" ]]; then
    ok "pkg-config: schannel-shim-win32 $version"
else
    bad "pkg-config: --modversion schannel-shim-win32 is not $version"
fi
read -r -a pc_flags <<<"$("$pkg_config" --cflags --libs schannel-shim-win32)"
read -r -a pc_cflags <<<"$("$pkg_config" --cflags schannel-shim-win32)"
read -r -a pc_static <<<"$("$pkg_config" --static --libs schannel-shim-win32)"

# ---------------------------------------------------------------- 3. out-of-tree builds

src=$work/app
mkdir -p "$src"
cp "$here/port_client.c" "$here/wchar_mode.c" "$here/CMakeLists.txt" "$src/"
cd "$src"

read -r -a pc_plain <<<"$("$pkg_config" --cflags --libs schannel-shim)"
step wchar_win32 "$cc" wchar_mode.c -o wchar_win32 -DWITH_WIN32 -DWANT_WCHAR=2 "${pc_flags[@]}" "${flags[@]}" || true
step wchar_win32_cxx17 "$cxx" -std=c++17 -x c++ wchar_mode.c -x none -o wchar_win32_cxx -DWITH_WIN32 \
    -DWANT_WCHAR=2 "${pc_flags[@]}" "${flags[@]}" || true
step wchar_optout "$cc" wchar_mode.c -o wchar_optout -DWITH_WIN32 -DWANT_WCHAR=4 "${pc_flags[@]}" \
    -fno-short-wchar "${flags[@]}" || true
step wchar_plain "$cc" wchar_mode.c -o wchar_plain -DWANT_WCHAR=4 "${pc_plain[@]}" "${flags[@]}" || true

clients=()
step build_c "$cc" port_client.c -o client_c "${pc_flags[@]}" "${flags[@]}" && clients+=(client_c)
step build_cxx17 "$cxx" -std=c++17 -x c++ port_client.c -x none -o client_cxx "${pc_flags[@]}" "${flags[@]}" &&
    clients+=(client_cxx)
step build_static "$cc" port_client.c -o client_static "${pc_cflags[@]}" "${flags[@]}" -static "${pc_static[@]}" &&
    clients+=(client_static)
if step cmake_configure "$cmake" -S "$src" -B "$src/build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" &&
    step cmake_build "$cmake" --build "$src/build" -j 2; then
    clients+=(build/port_client_cmake build/port_client_cmake_cxx build/port_client_cmake_static)
fi

# The dynamic clients load the prefix's library; the static ones must not need it.
for c in client_c client_cxx build/port_client_cmake; do
    [[ -x $c ]] || continue
    deps=$(LD_LIBRARY_PATH=$prefix/lib ldd "$c" 2>&1 || true)
    if grep -q "libschannel_shim.so.0 => $prefix/lib/" <<<"$deps"; then
        ok "$c: linked to $prefix/lib/libschannel_shim.so.0"
    else
        bad "$c: not linked to the prefix's libschannel_shim.so.0"
    fi
done
for c in client_static build/port_client_cmake_static; do
    [[ -x $c ]] || continue
    deps=$(ldd "$c" 2>&1 || true)
    if grep -q libschannel_shim <<<"$deps"; then
        bad "$c: needs libschannel_shim.so"
    else
        ok "$c: libschannel_shim linked in statically"
    fi
done

# ---------------------------------------------------------------- openssl s_server and the runs

start_server() {
    local attempt
    for attempt in 1 2 3; do
        port=$(python3 "$scripts/free_port.py")
        openssl s_server -accept "127.0.0.1:$port" -cert "$certs/ecdsa.pem" -key "$certs/ecdsa.key" \
            -www -quiet </dev/null >"$work/s_server.log" 2>&1 &
        spid=$!
        for _ in $(seq 100); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                return 0
            fi
            kill -0 "$spid" 2>/dev/null || break
            sleep 0.05
        done
        kill "$spid" 2>/dev/null || true
        wait "$spid" 2>/dev/null || true
        spid=
        grep -qi "in use" "$work/s_server.log" || break
    done
    return 1
}

if start_server; then
    for c in "${clients[@]}"; do
        for mode in schannel-cred:1.2 sch-tls12:1.2 sch-tls13:1.3; do
            m=${mode%%:*}
            want=${mode##*:}
            out=$work/out.$(basename "$c").$m
            if LD_LIBRARY_PATH=$prefix/lib "./$c" 127.0.0.1 "$port" "$m" >"$out" 2>&1 &&
                grep -qx "protocol: TLS $want" "$out" &&
                grep -qx "server: localhost (9 UTF-16 units)" "$out" &&
                grep -q "^HTTP/1.0 200 ok" "$out" &&
                grep -q "^New, TLSv$want, Cipher is " "$out" &&
                grep -qx "port_client: done" "$out"; then
                ok "$c $m: page fetched over TLS $want"
            else
                bad "$c $m: expected a page over TLS $want"
                sed 's/^/     | /' "$out" | head -n 20 || true
            fi
        done
    done
else
    bad "openssl s_server did not start"
    sed 's/^/     | /' "$work/s_server.log" | tail -n 10 || true
fi

# ---------------------------------------------------------------- 4. uninstall

cd "$work"
step uninstall run_make uninstall PREFIX="$prefix" || true
after=$(cd "$prefix" && find . | sort)
if [[ $after == "$before" ]]; then
    ok "uninstall: the prefix is as it was (someone-else.txt kept, every installed file and directory gone)"
else
    bad "uninstall: the prefix differs from before the install:"
    diff <(echo "$before") <(echo "$after") | sed 's/^/     | /' | head -n 20 || true
fi
if run_make uninstall PREFIX="$prefix" >"$work/uninstall2.log" 2>&1; then
    bad "a second uninstall succeeded (no manifest should be left)"
else
    ok "a second uninstall says there is nothing to uninstall"
fi

if [[ $failures -ne 0 ]]; then
    echo "port_test: $failures check(s) failed"
    exit 1
fi
echo "port_test: all checks passed"
