#!/usr/bin/env bash
# Interop: SCHANNEL_CRED never negotiates TLS 1.3 (CONTRACT §3), shown where it matters: a client
# written for SCHANNEL_CRED and TLS 1.2 (tests-c/helper_legacy_client.c: it sets
# SP_PROT_TLS1_3_CLIENT "for the future", sends handshake tokens only on SEC_I_CONTINUE_NEEDED and
# treats SEC_I_RENEGOTIATE as an error, as real programs do) against an `openssl s_server`
# (OpenSSL 3.0) on 127.0.0.1 that offers TLS 1.3 and 1.2.
#
#   bash tests-c/interop_legacy.sh [HELPER]
#
# HELPER is the helper_legacy_client executable (default $SCHSHIM_BIN_DIR/helper_legacy_client).
# Certificates, time limits and cleanup as in interop_client.sh (lib_interop.sh).
#
# Cases and exactly what each checks:
#
#   legacy-get-{ecdsa,rsa}  s_server -WWW (default versions: TLS 1.3 and 1.2) with that key serves
#       a 100000-byte random file; the helper GETs it.
#       - the helper exits 0; it logs "protocol 0x800" (CONNECTION_INFO: SP_PROT_TLS1_2_CLIENT);
#         its stdout is "HTTP/1.0 200 ok" and then exactly the file;
#       - s_server sent a TLS 1.2 ServerHello and no EncryptedExtensions (TLS 1.3 only); both
#         close_notify alerts were exchanged, no fatal alert.
#       With TLS 1.3 the helper would drop its client Finished (the token of the SEC_E_OK call)
#       and s_server would refuse its request.
#   control-sch-credentials  the same s_server (ecdsa); examples/client.c, whose default
#       SCH_CREDENTIALS offers TLS 1.3 and 1.2, GETs the file: it logs CONNECTION_INFO protocol
#       TLS 1.3 and gets the file. This shows the server above would have taken TLS 1.3.
set -euo pipefail

# The setup, expectations and waits shared with the other interop scripts.
source "$(dirname "$0")/lib_interop.sh"
interop_setup legacy "${1:-${SCHSHIM_BIN_DIR:-.}/helper_legacy_client}"
helper=$exe
example_client=${SCHSHIM_EXAMPLE_CLIENT:-${SCHSHIM_BIN_DIR:-.}/example_client}
finish_logs=(client.err s_server.err s_server.msg)

launch_s_server() { # launch_s_server DIR KEY: for start_listener; -WWW in DIR, default versions
    (cd "$1" && exec timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -WWW \
        -msg -msgfile s_server.msg -cert "$certs/$2.pem" -key "$certs/$2.key" \
        -cert_chain "$certs/$2-chain.pem" </dev/null >s_server.out 2>s_server.err 3>&-) &
}

# serve DIR KEY: a 100000-byte DIR/payload.bin and s_server serving DIR; sets $port and $spid.
serve() {
    mkdir -p "$1"
    head -c 100000 /dev/urandom >"$1/payload.bin"
    start_listener "$1" s_server.err s_server "in use" launch_s_server "$1" "$2"
}

# run CLIENT DIR ARGS...: CLIENT with ARGS, trusting only ca.pem; sets $crc.
run() {
    local client=$1 dir=$2
    shift 2
    crc=0
    SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent timeout 20 "$client" "$@" \
        >"$dir/client.out" 2>"$dir/client.err" 3>&- </dev/null || crc=$?
}

# CONTRACT §3
case_legacy() {
    local key=$1 name="legacy-get-$1" dir="$work/legacy-get-$1"
    if serve "$dir" "$key"; then
        run "$helper" "$dir" "$port" localhost /payload.bin
        wait_exit "$spid"
        expect_rc helper "$crc" 0
        expect_rc s_server "$wrc" 0
        expect_has "$dir/client.err" '^protocol 0x800$'
        expect_lacks "$dir/client.err" 'SEC_I_RENEGOTIATE'
        head -n 1 "$dir/client.out" | grep -q '^HTTP/1.0 200 ok' || err "client.out: no HTTP/1.0 200 ok"
        tail -c 100000 "$dir/client.out" >"$dir/body.bin"
        expect_same "$dir/body.bin" "$dir/payload.bin"
        expect_has "$dir/s_server.msg" '^>>> TLS 1.2, Handshake \[length [0-9a-f]+\], ServerHello$'
        expect_lacks "$dir/s_server.msg" 'EncryptedExtensions'
        expect_has "$dir/s_server.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning close_notify'
        expect_has "$dir/s_server.msg" '^>>> TLS 1.2, Alert \[length 0002\], warning close_notify'
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    finish "$name" "$dir"
}

# CONTRACT §3
case_control() {
    local name=control-sch-credentials dir="$work/control"
    if serve "$dir" ecdsa; then
        run "$example_client" "$dir" 127.0.0.1 "$port" /payload.bin --target localhost
        wait_exit "$spid"
        expect_rc example_client "$crc" 0
        expect_has "$dir/client.err" '^AcquireCredentialsHandleA -> SEC_E_OK .*SCH_CREDENTIALS, TLS 1.2 \+ 1.3'
        expect_has "$dir/client.err" 'CONNECTION_INFO\) -> SEC_E_OK .*protocol TLS 1.3 '
        expect_same "$dir/client.out" "$dir/payload.bin"
    fi
    finish "$name" "$dir"
}

case_legacy ecdsa
case_legacy rsa
case_control

interop_summary
