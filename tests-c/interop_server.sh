#!/usr/bin/env bash
# Interop: examples/server.c (a Windows-style Schannel server on schannel-shim) against
# `openssl s_client` (OpenSSL 3.0) on 127.0.0.1.
#
#   bash tests-c/interop_server.sh [SERVER]
#
# SERVER is the example_server executable (tests-c/interop.cmake passes it; default
# $SCHSHIM_EXAMPLE_SERVER, then $SCHSHIM_BIN_DIR/example_server). Certificates come from
# $SCHSHIM_CERTS (set by CTest); without it they are made with certs.sh in a temporary
# directory. Every process is started with a time limit and killed on exit; the whole script
# stops after 30 s (SCHSHIM_INTEROP_TIMEOUT). Exit status 0 when every case passes.
#
# s_client always runs with -CAfile ca.pem -verify_return_error -servername localhost
# -verify_hostname localhost -brief -msg -msgfile (its protocol messages, decrypted).
# The server's identity differs per case so that every loading path is used:
#   tls12-ecdsa: --cert ecdsa.p12 (PBES2/AES)      tls13-ecdsa: --pem ecdsa-chain.pem ecdsa.key
#   tls12-rsa:   --cert rsa-legacy.p12 (3DES/RC2)  tls13-rsa:   --pem rsa-chain.pem rsa.pkcs1.key
# and the server is restricted with --tls12 / --tls13 while s_client offers both.
#
# Cases and exactly what each checks:
#
#   http-{tls12,tls13}-{ecdsa,rsa}  s_client sends "GET /index.html HTTP/1.0" (stdin, -ign_eof);
#       the server answers with its page, then sends close_notify first.
#       - s_client exits 0 and reports "Verification: OK" and "Protocol version: TLSv1.x";
#       - its stdout starts with "HTTP/1.0 200 OK", holds the page ("Hello from schannel-shim",
#         "over TLS 1.x") and the request line;
#       - its -msg log shows it received and decrypted our close_notify
#         ("<<< TLS 1.x, Alert [length 0002], warning close_notify") before it sent its own
#         (">>> ..."), and no fatal alert in either direction;
#       - the server exits 0 and its log shows DecryptMessage -> SEC_I_CONTEXT_EXPIRED (the
#         close_notify s_client answered with).
#   echo-{tls12,tls13}-{ecdsa,rsa}  server --echo; 100000 random bytes go into s_client's stdin
#       (-no_ign_eof -nocommands); once they are all back, s_client's stdin is closed, so it
#       sends close_notify.
#       - s_client's stdout equals the 100000 bytes (byte-exact both ways: the server sends back
#         what it decrypted); s_client exits 0, "Verification: OK", the protocol version;
#       - server log: "100000 bytes echoed", DecryptMessage -> SEC_I_CONTEXT_EXPIRED, then our
#         close_notify sent (ApplyControlToken + AcceptSecurityContext -> SEC_E_OK); exit 0;
#       - s_client's -msg log: its ">>> ... warning close_notify", no fatal alert.
#   keyupdate-tls13  server --echo --tls13; s_client sends a line, then "K" (KeyUpdate with
#       update_requested), then another line.
#       - server log: DecryptMessage -> SEC_I_RENEGOTIATE, then a follow-up AcceptSecurityContext
#         -> SEC_E_OK whose token (our KeyUpdate) is not empty;
#       - s_client's -msg log: ">>> ... KeyUpdate" and "<<< ... KeyUpdate" (it got our answer);
#       - both lines come back (the second one under the new keys); both exit 0.
#   alert-{untrusted,expired,badcert}-{tls12,tls13}  the server presents the unknownca / expired /
#       wrongname certificate; s_client rejects it and sends its fatal alert (unknown_ca,
#       certificate_expired, bad_certificate): the server's AcceptSecurityContext returns the
#       mapped status SEC_E_UNTRUSTED_ROOT / SEC_E_CERT_EXPIRED / SEC_E_CERT_UNKNOWN and the
#       server exits 2.
set -euo pipefail

if [[ -z ${SCHSHIM_INTEROP_TIMED:-} ]]; then
    export SCHSHIM_INTEROP_TIMED=1
    exec timeout -k 5 "${SCHSHIM_INTEROP_TIMEOUT:-30}" bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
scripts=${SCHSHIM_SCRIPTS:-$here/../scripts}
server=${1:-${SCHSHIM_EXAMPLE_SERVER:-${SCHSHIM_BIN_DIR:-.}/example_server}}
if [[ ! -x $server ]]; then
    echo "interop_server: no server executable at $server" >&2
    exit 2
fi
server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")
command -v openssl >/dev/null || { echo "interop_server: openssl not found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/interop_server.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    exec 3>&- 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "interop_server: timed out or interrupted" >&2; exit 124' TERM INT

certs=${SCHSHIM_CERTS:-}
if [[ -z $certs || ! -f $certs/.done ]]; then
    certs=$work/certs
    bash "$here/certs.sh" "$certs"
fi

failures=0
errors=()
err() { errors+=("$*"); }
has() { grep -Eq -- "$2" "$1" 2>/dev/null; }
expect_has() { has "$1" "$2" || err "$(basename "$1") lacks /$2/"; }
expect_lacks() { ! has "$1" "$2" || err "$(basename "$1") has /$2/"; }
expect_same() { cmp -s "$1" "$2" || err "$(basename "$1") differs from $(basename "$2") ($(stat -c %s "$1" 2>/dev/null || echo none) vs $(stat -c %s "$2") bytes)"; }
expect_rc() { [[ $2 -eq $3 ]] || err "$1 exited $2, expected $3"; }
# expect_order FILE RE1 RE2: the first line matching RE1 comes before the first matching RE2.
expect_order() {
    local a b
    a=$(grep -Enm1 -- "$2" "$1" 2>/dev/null | cut -d: -f1 || true)
    b=$(grep -Enm1 -- "$3" "$1" 2>/dev/null | cut -d: -f1 || true)
    [[ -n $a && -n $b && $a -lt $b ]] || err "$(basename "$1"): /$2/ (line ${a:-none}) not before /$3/ (line ${b:-none})"
}

finish() {
    local name=$1 dir=$2 f
    if [[ ${#errors[@]} -eq 0 ]]; then
        echo "ok   $name"
    else
        failures=$((failures + 1))
        echo "FAIL $name"
        printf '       %s\n' "${errors[@]}"
        for f in server.err s_client.err s_client.msg; do
            if [[ -s $dir/$f ]]; then
                echo "     --- $f (last 25 lines)"
                tail -n 25 "$dir/$f" | grep -v '^    ' | sed 's/^/     | /'
            fi
        done
    fi
    errors=()
}

wait_for() { # wait_for FILE REGEX: polls up to 10 s
    local i
    for i in $(seq 200); do
        has "$1" "$2" && return 0
        sleep 0.05
    done
    return 1
}

wait_size() { # wait_size FILE BYTES: polls up to 10 s until FILE has at least BYTES
    local i
    for i in $(seq 200); do
        [[ $(stat -c %s "$1" 2>/dev/null || echo 0) -ge $2 ]] && return 0
        sleep 0.05
    done
    return 1
}

alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

# wait_exit PID [SECONDS]: waits up to SECONDS (default 3), then stops it; status in $wrc.
wait_exit() {
    local i
    for ((i = 0; i < ${2:-3} * 20; i++)); do
        alive "$1" || break
        sleep 0.05
    done
    kill "$1" 2>/dev/null || true
    wrc=0
    wait "$1" || wrc=$?
}

identity() { # identity VER KEY: the server's certificate options for this case
    case "$1-$2" in
        tls12-ecdsa) echo "--cert $certs/ecdsa.p12 --password test" ;;
        tls13-ecdsa) echo "--pem $certs/ecdsa-chain.pem $certs/ecdsa.key" ;;
        tls12-rsa) echo "--cert $certs/rsa-legacy.p12 --password test" ;;
        tls13-rsa) echo "--pem $certs/rsa-chain.pem $certs/rsa.pkcs1.key" ;;
        *) echo "--cert $certs/$2.p12 --password test" ;;
    esac
}

ver_num() { [[ $1 == tls12 ]] && echo 1.2 || echo 1.3; }

# start_server DIR ARGS...: our server --once on a free port. Sets $port and $spid.
start_server() {
    local dir=$1 attempt
    shift
    for attempt in 1 2 3; do
        port=$(python3 "$scripts/free_port.py")
        timeout 20 "$server" "$port" --once "$@" </dev/null >"$dir/server.out" 2>"$dir/server.err" 3>&- &
        spid=$!
        pids+=("$spid")
        if python3 "$scripts/wait_listen.py" "$port" 10 "$spid" 2>>"$dir/wait.err"; then
            return 0
        fi
        wait "$spid" 2>/dev/null || true
        grep -q "bind/listen" "$dir/server.err" || break
    done
    err "the server did not start: $(head -c 300 "$dir/server.err")"
    return 1
}

# s_client DIR STDIN ARGS...: openssl s_client to 127.0.0.1:$port in the background. Sets $cpid.
s_client() {
    local dir=$1 stdin=$2
    shift 2
    timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
        -verify_return_error -servername localhost -verify_hostname localhost -brief \
        -msg -msgfile "$dir/s_client.msg" "$@" <"$stdin" >"$dir/s_client.out" 2>"$dir/s_client.err" 3>&- &
    cpid=$!
    pids+=("$cpid")
}

# ------------------------------------------------------------------------------- cases

case_http() {
    local ver=$1 key=$2 name="http-$1-$2" dir="$work/http-$1-$2" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' >"$dir/request"
    # shellcheck disable=SC2046
    if start_server "$dir" "--$ver" $(identity "$ver" "$key"); then
        s_client "$dir" "$dir/request" -ign_eof
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_has "$dir/s_client.err" '^Verification: OK'
        expect_has "$dir/s_client.err" "^Protocol version: TLSv$v\$"
        head -n 1 "$dir/s_client.out" >"$dir/status_line"
        expect_has "$dir/status_line" $'^HTTP/1.0 200 OK\r$'
        expect_has "$dir/s_client.out" 'Hello from schannel-shim'
        expect_has "$dir/s_client.out" "over TLS $v\\."
        expect_has "$dir/s_client.out" 'GET /index.html HTTP/1.0'
        expect_order "$dir/s_client.msg" "^<<< TLS $v, Alert \[length 0002\], warning close_notify" \
            "^>>> TLS $v, Alert \[length 0002\], warning close_notify"
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
        expect_has "$dir/server.err" '^ApplyControlToken -> SEC_E_OK .*SCHANNEL_SHUTDOWN'
        expect_has "$dir/server.err" '^DecryptMessage -> SEC_I_CONTEXT_EXPIRED '
    fi
    finish "$name" "$dir"
}

case_echo() {
    local ver=$1 key=$2 name="echo-$1-$2" dir="$work/echo-$1-$2" v n=100000
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c "$n" /dev/urandom >"$dir/payload.bin"
    mkfifo "$dir/stdin"
    exec 3<>"$dir/stdin"
    # shellcheck disable=SC2046
    if start_server "$dir" "--$ver" --echo $(identity "$ver" "$key"); then
        s_client "$dir" "$dir/stdin" -no_ign_eof -nocommands
        cat "$dir/payload.bin" >&3 &
        local writer=$!
        pids+=("$writer")
        wait_size "$dir/s_client.out" "$n" || err "only $(stat -c %s "$dir/s_client.out") of $n bytes came back"
        wait "$writer" 2>/dev/null || true
        exec 3>&- # end of s_client's input: it sends close_notify
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_same "$dir/s_client.out" "$dir/payload.bin"
        expect_has "$dir/s_client.err" '^Verification: OK'
        expect_has "$dir/s_client.err" "^Protocol version: TLSv$v\$"
        expect_has "$dir/server.err" "^server: $n bytes echoed"
        expect_has "$dir/server.err" '^DecryptMessage -> SEC_I_CONTEXT_EXPIRED '
        expect_has "$dir/server.err" '^AcceptSecurityContext -> SEC_E_OK .*close_notify token [1-9][0-9]* bytes'
        expect_has "$dir/s_client.msg" "^>>> TLS $v, Alert \[length 0002\], warning close_notify"
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

case_keyupdate() {
    local name=keyupdate-tls13 dir="$work/keyupdate"
    mkdir -p "$dir"
    mkfifo "$dir/stdin"
    exec 3<>"$dir/stdin"
    # shellcheck disable=SC2046
    if start_server "$dir" --tls13 --echo $(identity tls13 ecdsa); then
        # Interactive s_client: a line "K" sends a KeyUpdate with update_requested.
        s_client "$dir" "$dir/stdin" -no_ign_eof
        printf 'line before the key update\n' >&3
        if wait_for "$dir/s_client.out" 'line before the key update'; then
            printf 'K\n' >&3
            if wait_for "$dir/s_client.msg" '^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate'; then
                printf 'line after the key update\n' >&3
                wait_for "$dir/s_client.out" 'line after the key update' || err "no echo after the key update"
            else
                err "s_client received no KeyUpdate from the server"
            fi
        else
            err "no echo before the key update"
        fi
        exec 3>&-
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_has "$dir/s_client.msg" '^>>> TLS 1.3, Handshake \[length 0005\], KeyUpdate'
        expect_has "$dir/server.err" '^DecryptMessage -> SEC_I_RENEGOTIATE '
        expect_has "$dir/server.err" '^AcceptSecurityContext -> SEC_E_OK .*input 0 bytes, token [1-9][0-9]* bytes'
        printf 'line before the key update\nline after the key update\n' >"$dir/expected.out"
        expect_same "$dir/s_client.out" "$dir/expected.out"
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

case_alert() {
    local what=$1 cert=$2 status=$3 ver=$4 name="alert-$1-$4" dir="$work/alert-$1-$4"
    mkdir -p "$dir"
    if start_server "$dir" "--$ver" --cert "$certs/$cert.p12" --password test; then
        s_client "$dir" /dev/null
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        [[ $crc -ne 0 ]] || err "s_client accepted the $cert certificate"
        expect_rc server "$wrc" 2
        expect_has "$dir/server.err" "^server: failed: AcceptSecurityContext returned $status \("
    fi
    finish "$name" "$dir"
}

echo "interop_server: $server against $(openssl version)"
for ver in tls12 tls13; do
    for key in ecdsa rsa; do
        case_http "$ver" "$key"
    done
done
for ver in tls12 tls13; do
    for key in ecdsa rsa; do
        case_echo "$ver" "$key"
    done
done
case_keyupdate
for ver in tls12 tls13; do
    case_alert untrusted unknownca SEC_E_UNTRUSTED_ROOT "$ver"
    case_alert expired expired SEC_E_CERT_EXPIRED "$ver"
    case_alert badcert wrongname SEC_E_CERT_UNKNOWN "$ver"
done

if [[ $failures -ne 0 ]]; then
    echo "interop_server: $failures case(s) failed"
    exit 1
fi
echo "interop_server: all cases passed"
