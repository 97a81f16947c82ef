#!/usr/bin/env bash
# Interop: examples/client.c (a Windows-style Schannel client on schannel-shim) against
# `openssl s_server` (OpenSSL 3.0) on 127.0.0.1.
#
#   bash tests-c/interop_client.sh [CLIENT]
#
# CLIENT is the example_client executable (tests-c/interop.cmake passes it; default
# $SCHSHIM_EXAMPLE_CLIENT, then $SCHSHIM_BIN_DIR/example_client). Certificates come from
# $SCHSHIM_CERTS (set by CTest); without it they are made with certs.sh in a temporary
# directory. The client trusts only ca.pem (SSL_CERT_FILE). Every process is started with a time
# limit and killed on exit; the whole script stops after 30 s (SCHSHIM_INTEROP_TIMEOUT). Exit
# status 0 when every case passes.
#
# Cases and exactly what each checks:
#
#   get-{tls12,tls13}-{ecdsa,rsa}   s_server -WWW -tls1_2|-tls1_3 with that key serves a 100000-byte
#       random file; the client (default SCH_CREDENTIALS: TLS 1.2 + 1.3 offered) GETs it.
#       - client exits 0 and its stdout (the body after the HTTP header) equals the file byte
#         for byte (several records, EXTRA and INCOMPLETE handling);
#       - client log: QueryContextAttributes reports that protocol; DecryptMessage returned
#         SEC_I_CONTEXT_EXPIRED (OpenSSL's close_notify); with TLS 1.3 DecryptMessage returned
#         SEC_I_RENEGOTIATE (OpenSSL's NewSessionTickets) and each follow-up
#         InitializeSecurityContextA returned SEC_E_OK;
#       - s_server's -msg log shows it received and decrypted our close_notify
#         ("<<< TLS 1.x, Alert [length 0002], warning close_notify") and no fatal alert in
#         either direction; s_server exits 0.
#   send-{tls12,tls13}-{ecdsa,rsa}  s_server -quiet (default versions) whose stdin holds 8000 random
#       bytes; the client, restricted with --tls12|--tls13, sends a 50000-byte random file
#       (--send), then its close_notify, then reads until OpenSSL's close_notify.
#       - s_server's stdout equals the client's file and the client's stdout equals the 8000
#         bytes (byte-exact both ways);
#       - s_server's -msg log: "<<< ... warning close_notify" (our clean shutdown, seen by
#         OpenSSL), then its own ">>> ... warning close_notify"; no fatal alert; client log:
#         protocol as requested and SEC_I_CONTEXT_EXPIRED; both exit 0.
#   keyupdate-tls13  s_server (TLS 1.3, interactive) gets our GET, then is told "K" (KeyUpdate
#       with update_requested), then sends a response and closes.
#       - client log: DecryptMessage SEC_I_RENEGOTIATE, then a follow-up
#         InitializeSecurityContextA SEC_E_OK whose token (our KeyUpdate) is not empty;
#       - s_server's -msg log: ">>> ... KeyUpdate" and "<<< ... KeyUpdate" (it got our answer);
#       - the response sent after the key update arrives intact; client exits 0.
#   untrusted-{tls12,tls13}, wrongname-*, expired-*  s_server with the unknownca / wrongname /
#       expired certificate: the client exits 2 and reports
#       "InitializeSecurityContextA returned SEC_E_UNTRUSTED_ROOT / SEC_E_WRONG_PRINCIPAL /
#       SEC_E_CERT_EXPIRED". (Whether OpenSSL received our alert is printed as a note only.)
#   manual-untrusted  the unknownca server with --manual (SCH_CRED_MANUAL_CRED_VALIDATION): the
#       handshake succeeds, the client shows the certificate (issuer "SchShim Other CA"),
#       prints the s_server -www page and exits 0.
set -euo pipefail

if [[ -z ${SCHSHIM_INTEROP_TIMED:-} ]]; then
    export SCHSHIM_INTEROP_TIMED=1
    exec timeout -k 5 "${SCHSHIM_INTEROP_TIMEOUT:-30}" bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
scripts=${SCHSHIM_SCRIPTS:-$here/../scripts}
client=${1:-${SCHSHIM_EXAMPLE_CLIENT:-${SCHSHIM_BIN_DIR:-.}/example_client}}
if [[ ! -x $client ]]; then
    echo "interop_client: no client executable at $client" >&2
    exit 2
fi
client=$(cd "$(dirname "$client")" && pwd)/$(basename "$client")
command -v openssl >/dev/null || { echo "interop_client: openssl not found" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/interop_client.XXXXXX")
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
trap 'echo "interop_client: timed out or interrupted" >&2; exit 124' TERM INT

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

# finish NAME DIR: prints the verdict; on failure the logs.
finish() {
    local name=$1 dir=$2 f
    if [[ ${#errors[@]} -eq 0 ]]; then
        echo "ok   $name"
    else
        failures=$((failures + 1))
        echo "FAIL $name"
        printf '       %s\n' "${errors[@]}"
        for f in client.err s_server.err s_server.msg; do
            if [[ -s $dir/$f ]]; then
                echo "     --- $f (last 25 lines)"
                tail -n 25 "$dir/$f" | grep -v '^    ' | sed 's/^/     | /'
            fi
        done
    fi
    errors=()
}

# wait_for FILE REGEX: polls up to 10 s.
wait_for() {
    local i
    for i in $(seq 200); do
        has "$1" "$2" && return 0
        sleep 0.05
    done
    return 1
}

# alive PID: the process exists and is not a zombie.
alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

# wait_exit PID [SECONDS]: waits up to SECONDS (default 3) for it to end, then stops it;
# its exit status goes to $wrc.
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

# s_server DIR STDIN ARGS...: starts `openssl s_server -naccept 1` on a free port in DIR
# (its cwd), with -msg into DIR/s_server.msg. Sets $port and $spid. Retries if the port
# was taken in between.
s_server() {
    local dir=$1 stdin=$2 attempt
    shift 2
    for attempt in 1 2 3; do
        port=$(python3 "$scripts/free_port.py")
        (cd "$dir" && exec timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 1 \
            -msg -msgfile s_server.msg "$@" <"$stdin" >s_server.out 2>s_server.err 3>&-) &
        spid=$!
        pids+=("$spid")
        if python3 "$scripts/wait_listen.py" "$port" 10 "$spid" 2>>"$dir/wait.err"; then
            return 0
        fi
        wait "$spid" 2>/dev/null || true
        grep -qi "in use" "$dir/s_server.err" || break
    done
    err "s_server did not start: $(head -c 300 "$dir/s_server.err")"
    return 1
}

# run_client DIR ARGS...: the client against 127.0.0.1:$port with target name localhost,
# trusting only ca.pem. Sets $crc.
run_client() {
    local dir=$1
    shift
    crc=0
    SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent timeout 20 \
        "$client" 127.0.0.1 "$port" "$@" --target localhost \
        >"$dir/client.out" 2>"$dir/client.err" 3>&- </dev/null || crc=$?
}

key_args() { # key_args NAME: s_server's certificate options
    echo "-cert $certs/$1.pem -key $certs/$1.key -cert_chain $certs/$1-chain.pem"
}

ver_num() { [[ $1 == tls12 ]] && echo 1.2 || echo 1.3; }
ver_flag() { [[ $1 == tls12 ]] && echo -tls1_2 || echo -tls1_3; }

# ------------------------------------------------------------------------------- cases

case_get() {
    local ver=$1 key=$2 name="get-$1-$2" dir="$work/get-$1-$2" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c 100000 /dev/urandom >"$dir/payload.bin"
    # shellcheck disable=SC2046
    if s_server "$dir" /dev/null -quiet -WWW "$(ver_flag "$ver")" $(key_args "$key"); then
        run_client "$dir" /payload.bin
        wait_exit "$spid"
        local src=$wrc
        expect_rc client "$crc" 0
        expect_rc s_server "$src" 0
        expect_same "$dir/client.out" "$dir/payload.bin"
        expect_has "$dir/client.err" "CONNECTION_INFO\) -> SEC_E_OK .*protocol TLS $v "
        expect_has "$dir/client.err" '^DecryptMessage -> SEC_I_CONTEXT_EXPIRED '
        if [[ $ver == tls13 ]]; then
            expect_has "$dir/client.err" '^DecryptMessage -> SEC_I_RENEGOTIATE '
            expect_lacks "$dir/client.err" '^InitializeSecurityContextA -> SEC_E_[A-Z_]+ \(0x8'
        fi
        expect_has "$dir/s_server.msg" "^<<< TLS $v, Alert \[length 0002\], warning close_notify"
        expect_has "$dir/s_server.msg" "^>>> TLS $v, Alert \[length 0002\], warning close_notify"
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    finish "$name" "$dir"
}

case_send() {
    local ver=$1 key=$2 name="send-$1-$2" dir="$work/send-$1-$2" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c 50000 /dev/urandom >"$dir/to_server.bin"
    head -c 8000 /dev/urandom >"$dir/to_client.bin"
    # s_server's stdin: a FIFO that stays open (fd 3), holding what it is to send, so that it
    # sends all of it as soon as the handshake is done and never sees end-of-input.
    mkfifo "$dir/stdin"
    exec 3<>"$dir/stdin"
    cat "$dir/to_client.bin" >&3
    # shellcheck disable=SC2046
    if s_server "$dir" "$dir/stdin" -quiet $(key_args "$key"); then
        run_client "$dir" / --send "$dir/to_server.bin" "--$ver"
        wait_exit "$spid"
        local src=$wrc
        expect_rc client "$crc" 0
        expect_rc s_server "$src" 0
        expect_same "$dir/s_server.out" "$dir/to_server.bin"
        expect_same "$dir/client.out" "$dir/to_client.bin"
        expect_has "$dir/client.err" "CONNECTION_INFO\) -> SEC_E_OK .*protocol TLS $v "
        expect_has "$dir/client.err" '^DecryptMessage -> SEC_I_CONTEXT_EXPIRED '
        expect_has "$dir/s_server.msg" "^<<< TLS $v, Alert \[length 0002\], warning close_notify"
        expect_has "$dir/s_server.msg" "^>>> TLS $v, Alert \[length 0002\], warning close_notify"
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

case_keyupdate() {
    local name=keyupdate-tls13 dir="$work/keyupdate"
    mkdir -p "$dir"
    mkfifo "$dir/stdin"
    exec 3<>"$dir/stdin"
    # Interactive s_server (no -quiet): "K" on its stdin sends a KeyUpdate (update_requested),
    # other lines are sent as data, "Q" closes.
    # shellcheck disable=SC2046
    if s_server "$dir" "$dir/stdin" -tls1_3 $(key_args ecdsa); then
        local cpid
        (run_client "$dir" /keyupdate; exit "$crc") &
        cpid=$!
        pids+=("$cpid")
        if wait_for "$dir/s_server.out" 'GET /keyupdate HTTP/1.0'; then
            printf 'K\n' >&3
            if wait_for "$dir/s_server.msg" '^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate'; then
                printf 'HTTP/1.0 200 OK\r\n\r\nafter the key update\n' >&3
                wait_for "$dir/client.out" 'after the key update' || err "no data after the key update"
            else
                err "s_server received no KeyUpdate from us"
            fi
        else
            err "s_server did not get the request"
        fi
        printf 'Q\n' >&3
        wait_exit "$cpid"
        crc=$wrc
        wait_exit "$spid"
        expect_rc client "$crc" 0
        expect_has "$dir/s_server.msg" '^>>> TLS 1.3, Handshake \[length 0005\], KeyUpdate'
        expect_has "$dir/client.err" '^DecryptMessage -> SEC_I_RENEGOTIATE '
        expect_has "$dir/client.err" '^InitializeSecurityContextA -> SEC_E_OK .*, token [1-9][0-9]* bytes'
        printf 'after the key update\n' >"$dir/expected.out"
        expect_same "$dir/client.out" "$dir/expected.out"
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

case_reject() {
    local what=$1 cert=$2 status=$3 ver=$4 name="$1-$4" dir="$work/$1-$4"
    mkdir -p "$dir"
    # shellcheck disable=SC2046
    if s_server "$dir" /dev/null -quiet -www "$(ver_flag "$ver")" $(key_args "$cert"); then
        run_client "$dir" /
        wait_exit "$spid"
        expect_rc client "$crc" 2
        expect_has "$dir/client.err" "^client: failed: InitializeSecurityContextA returned $status \("
        # Not a failure (CONTRACT.md does not say it): the client sends the alert token, as the
        # SDK sample does, only when the failing call returned ISC_RET_EXTENDED_ERROR.
        if ! has "$dir/s_server.msg" '^<<< .*Alert.*fatal'; then
            echo "     note: $name: OpenSSL received no alert from us; failing ISC returned" \
                "$(grep -Eo 'token [0-9]+ bytes, extra [0-9]+ bytes, flags 0x[0-9A-F]+' "$dir/client.err" | tail -n 1 || true)"
        fi
    fi
    finish "$name" "$dir"
}

case_manual() {
    local name=manual-untrusted dir="$work/manual"
    mkdir -p "$dir"
    # shellcheck disable=SC2046
    if s_server "$dir" /dev/null -quiet -www $(key_args unknownca); then
        run_client "$dir" / --manual
        wait_exit "$spid"
        local src=$wrc
        expect_rc client "$crc" 0
        expect_rc s_server "$src" 0
        expect_has "$dir/client.err" 'SCH_CREDENTIALS, TLS 1.2 \+ 1.3, manual validation'
        expect_has "$dir/client.err" 'issuer "SchShim Other CA"'
        expect_has "$dir/client.out" '</BODY></HTML>'
    fi
    finish "$name" "$dir"
}

echo "interop_client: $client against $(openssl version)"
for ver in tls12 tls13; do
    for key in ecdsa rsa; do
        case_get "$ver" "$key"
    done
done
for ver in tls12 tls13; do
    for key in ecdsa rsa; do
        case_send "$ver" "$key"
    done
done
case_keyupdate
for ver in tls12 tls13; do
    case_reject untrusted unknownca SEC_E_UNTRUSTED_ROOT "$ver"
    case_reject wrongname wrongname SEC_E_WRONG_PRINCIPAL "$ver"
    case_reject expired expired SEC_E_CERT_EXPIRED "$ver"
done
case_manual

if [[ $failures -ne 0 ]]; then
    echo "interop_client: $failures case(s) failed"
    exit 1
fi
echo "interop_client: all cases passed"
