#!/usr/bin/env bash
# Runs the demo (called by `make demo`, which builds the library and both programs first):
#
#   scripts/demo.sh SERVER CLIENT CERTDIR
#
# SERVER, CLIENT: the executables built from examples/server.c and examples/client.c.
# CERTDIR: the test PKI; made here with tests-c/certs.sh unless it is complete already.
#
# The server is started in the background on a free port of 127.0.0.1 with the ECDSA
# certificate from a PKCS#12 file, serving one connection:
#
#   server PORT --cert CERTDIR/ecdsa.p12 --password test --once
#
# then the client fetches its page, validating the server certificate against
# SSL_CERT_FILE=CERTDIR/ca.pem with target name "localhost" (30 s limit):
#
#   client 127.0.0.1 PORT / --target localhost
#
# Both sides log every SSPI call they make; the server is stopped afterwards and both logs and
# the page are shown. Exit status: the client's (or 1 if the server did not come up).
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 SERVER CLIENT CERTDIR" >&2
    exit 2
fi
server=$1 client=$2 certs=$3
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/../tests-c/certs.sh" "$certs"
logdir=$(mktemp -d)
server_pid=

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        # With --once the server ends by itself after the client; give it a moment first.
        for _ in $(seq 20); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $server_pid ]]; then
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap 'stop_server; rm -rf "$logdir"' EXIT

# A free port; another process could take it before the server binds, so retry a few times.
started=0
for _ in 1 2 3; do
    port=$(python3 "$here/free_port.py")
    "$server" "$port" --cert "$certs/ecdsa.p12" --password test --once \
        >"$logdir/server.out" 2>"$logdir/server.log" </dev/null &
    server_pid=$!
    if python3 "$here/wait_listen.py" "$port" 10 "$server_pid"; then
        started=1
        break
    fi
    stop_server
done

status=0
if [[ $started -eq 1 ]]; then
    echo "demo: server listening on 127.0.0.1:$port; running the client"
    SSL_CERT_FILE="$certs/ca.pem" SSL_CERT_DIR=/nonexistent timeout 30 \
        "$client" 127.0.0.1 "$port" / --target localhost \
        >"$logdir/page.html" 2>"$logdir/client.log" </dev/null || status=$?
else
    echo "demo: the server did not start listening" >&2
    status=1
fi
stop_server

echo "------------------------------------------------------------ server (SSPI calls)"
cat "$logdir/server.log" "$logdir/server.out" 2>/dev/null || true
echo "------------------------------------------------------------ client (SSPI calls)"
cat "$logdir/client.log" 2>/dev/null || true
echo "------------------------------------------------------------ the page (client stdout)"
cat "$logdir/page.html" 2>/dev/null || true
echo "------------------------------------------------------------"
if [[ $status -eq 0 ]]; then
    echo "demo: client succeeded"
else
    echo "demo: client failed (exit status $status)" >&2
fi
exit "$status"
