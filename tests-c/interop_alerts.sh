#!/usr/bin/env bash
# Interop: a peer whose record fails authentication is answered with the alert RFC 8446 §6.2 /
# RFC 5246 §7.2 name (bad_record_mac), read back by OpenSSL (CONTRACT §4, §6; issue "Hostile
# peers" §1). scripts/corrupt_proxy.py sits between our example and `openssl` (3.0) on
# 127.0.0.1 and flips the last byte of one protected record.
#
#   bash tests-c/interop_alerts.sh [CLIENT [SERVER]]
#
# CLIENT / SERVER are the example executables (default $SCHSHIM_EXAMPLE_CLIENT/_SERVER, then
# $SCHSHIM_BIN_DIR/example_client/_server). Certificates, time limits and cleanup as in the other
# interop scripts (lib_interop.sh).
#
# Cases and exactly what each checks:
#
#   client-{tls12,tls13}  s_server -WWW serves a file; examples/client.c fetches it through the
#       proxy, which breaks the first protected record s_server sends after the client's first
#       (TLS 1.2: the response; TLS 1.3: a NewSessionTicket).
#       - the client logs DecryptMessage -> SEC_E_DECRYPT_FAILURE and exits non-zero;
#       - it then takes its usual shutdown path, whose token is the alert: s_server's -msg log
#         reads "<<< TLS 1.x, Alert [length 0002], fatal bad_record_mac", and no close_notify
#         from the client.
#   server-{tls12,tls13}  examples/server.c --once; s_client sends a request through the proxy,
#       which breaks the client's first protected record (TLS 1.2: the request, so
#       DecryptMessage fails; TLS 1.3: the client Finished, so AcceptSecurityContext fails).
#       - the server logs SEC_E_DECRYPT_FAILURE;
#       - s_client's -msg log reads "<<< TLS 1.x, Alert [length 0002], fatal bad_record_mac".
set -euo pipefail

source "$(dirname "$0")/lib_interop.sh"
interop_setup alerts "${1:-${SCHSHIM_EXAMPLE_CLIENT:-${SCHSHIM_BIN_DIR:-.}/example_client}}"
client=$exe
server=${2:-${SCHSHIM_EXAMPLE_SERVER:-${SCHSHIM_BIN_DIR:-.}/example_server}}
[[ $server == /* ]] || server=$PWD/$server
finish_logs=(client.err server.err s_server.msg s_client.msg proxy.err)

ver_flag() { [[ $1 == tls12 ]] && echo -tls1_2 || echo -tls1_3; }

launch_s_server() { # launch_s_server DIR VER: for start_listener
    (cd "$1" && exec timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -WWW \
        "$(ver_flag "$2")" -msg -msgfile s_server.msg -cert "$certs/ecdsa.pem" -key "$certs/ecdsa.key" \
        -cert_chain "$certs/ecdsa-chain.pem" </dev/null >s_server.out 2>s_server.err 3>&-) &
}

launch_server() { # launch_server DIR VER: for start_listener
    timeout 20 "$server" "$port" --once "--$2" --pem "$certs/ecdsa-chain.pem" "$certs/ecdsa.key" \
        </dev/null >"$1/server.out" 2>"$1/server.err" 3>&- &
}

launch_proxy() { # launch_proxy DIR TARGET DIRECTION: for start_listener
    timeout 25 python3 "$scripts/corrupt_proxy.py" "$port" "$2" "$3" 20 \
        >"$1/proxy.out" 2>"$1/proxy.err" 3>&- &
}

# CONTRACT §4, §6
case_client() {
    local ver=$1 name="client-$1" dir="$work/client-$1" target ppid crc=0
    mkdir -p "$dir"
    head -c 50000 /dev/urandom >"$dir/payload.bin"
    if start_listener "$dir" s_server.err s_server "in use" launch_s_server "$dir" "$ver"; then
        target=$port
        if start_listener "$dir" proxy.err proxy "in use" launch_proxy "$dir" "$target" to-client; then
            ppid=$spid
            SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent timeout 20 "$client" 127.0.0.1 \
                "$port" /payload.bin --target localhost >"$dir/client.out" 2>"$dir/client.err" \
                3>&- </dev/null || crc=$?
            wait_exit "$ppid"
            [[ $crc -ne 0 ]] || err "the client succeeded over a broken record"
            expect_has "$dir/proxy.err" 'flipped the last byte'
            expect_has "$dir/client.err" 'DecryptMessage -> SEC_E_DECRYPT_FAILURE'
            wait_for "$dir/s_server.msg" 'fatal bad_record_mac' || true
            expect_has "$dir/s_server.msg" "^<<< TLS $(ver_num "$ver"), Alert \[length 0002\], fatal bad_record_mac"
            expect_lacks "$dir/s_server.msg" '^<<< .*close_notify'
        fi
    fi
    finish "$name" "$dir"
}

# CONTRACT §4, §6
case_server() {
    local ver=$1 name="server-$1" dir="$work/server-$1" target ppid
    mkdir -p "$dir"
    printf 'GET /index.html HTTP/1.0\r\n\r\n' >"$dir/request"
    if start_listener "$dir" server.err server "in use" launch_server "$dir" "$ver"; then
        target=$port
        if start_listener "$dir" proxy.err proxy "in use" launch_proxy "$dir" "$target" to-server; then
            ppid=$spid
            timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
                -servername localhost -ign_eof -msg -msgfile "$dir/s_client.msg" \
                <"$dir/request" >"$dir/s_client.out" 2>"$dir/s_client.err" 3>&- || true
            wait_exit "$ppid"
            expect_has "$dir/proxy.err" 'flipped the last byte'
            expect_has "$dir/server.err" 'SEC_E_DECRYPT_FAILURE'
            expect_has "$dir/s_client.msg" "^<<< TLS $(ver_num "$ver"), Alert \[length 0002\], fatal bad_record_mac"
        fi
    fi
    finish "$name" "$dir"
}

for ver in tls12 tls13; do
    case_client "$ver"
    case_server "$ver"
done

interop_summary
