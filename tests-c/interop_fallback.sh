#!/usr/bin/env bash
# Interop: TLS_FALLBACK_SCSV (RFC 7507) against examples/server (both versions enabled), with
# `openssl s_client` on 127.0.0.1:
#   - `-tls1_2 -fallback_scsv` (a client retrying below its highest version): s_client reports
#     the fatal alert inappropriate_fallback (86) from us; our server logs SEC_E_ILLEGAL_MESSAGE;
#   - `-tls1_2` without the SCSV: the TLS 1.2 handshake completes;
#   - `-tls1_3 -fallback_scsv` (the SCSV at our highest version): the handshake completes.
# Server: $SCHSHIM_EXAMPLE_SERVER or $SCHSHIM_BIN_DIR/example_server; PKI: $SCHSHIM_CERTS.
set -euo pipefail
server=${1:-${SCHSHIM_EXAMPLE_SERVER:-$SCHSHIM_BIN_DIR/example_server}}
certs=${SCHSHIM_CERTS:?}
scripts=${SCHSHIM_SCRIPTS:?}
tmp=$(mktemp -d)
pid=
cleanup() {
    if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

port=$(python3 "$scripts/free_port.py")
"$server" "$port" --pem "$certs/ecdsa-chain.pem" "$certs/ecdsa.key" >"$tmp/server.log" 2>&1 &
pid=$!
python3 "$scripts/wait_listen.py" "$port" 10 "$pid"

client() {
    # An empty stdin: s_client sends nothing after the handshake and closes.
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername localhost "$@" \
        </dev/null >"$tmp/client.log" 2>&1 || true
}

client -tls1_2 -fallback_scsv
if grep -q "alert inappropriate fallback" "$tmp/client.log" && grep -q "SSL alert number 86" "$tmp/client.log"; then
    echo "ok: -tls1_2 -fallback_scsv gets inappropriate_fallback (86)"
else
    echo "FAIL: -tls1_2 -fallback_scsv: no inappropriate_fallback alert"; cat "$tmp/client.log"; fail=1
fi
client -tls1_2
if grep -q "^New, TLSv1.2" "$tmp/client.log"; then
    echo "ok: -tls1_2 without the SCSV completes"
else
    echo "FAIL: -tls1_2 without the SCSV did not complete"; cat "$tmp/client.log"; fail=1
fi
client -tls1_3 -fallback_scsv
if grep -q "^New, TLSv1.3" "$tmp/client.log"; then
    echo "ok: -tls1_3 -fallback_scsv completes (no fallback at our highest version)"
else
    echo "FAIL: -tls1_3 -fallback_scsv did not complete"; cat "$tmp/client.log"; fail=1
fi
if grep -q "AcceptSecurityContext -> SEC_E_ILLEGAL_MESSAGE" "$tmp/server.log"; then
    echo "ok: the server saw SEC_E_ILLEGAL_MESSAGE"
else
    echo "FAIL: the server log shows no SEC_E_ILLEGAL_MESSAGE"; cat "$tmp/server.log"; fail=1
fi
exit $fail
