#!/usr/bin/env bash
# Runs the demo (called by `make demo`, which builds the programs and the certificates):
#
#   scripts/demo.sh SERVER CLIENT CERTDIR
#
# The command lines are the arrays server_args and client_args below; whoever changes the
# examples' arguments changes them there:
#
#   server 127.0.0.1 PORT CERTDIR/ecdsa.p12 test
#       (expected; examples/server.c is not written yet) listen on 127.0.0.1:PORT with the
#       certificate and key from the PKCS#12 file (password "test"); serve the client; may
#       run until killed.
#   client 127.0.0.1 PORT / --target localhost
#       examples/client.c: connect, handshake validating the server certificate for the name
#       "localhost" against the system trust store, which here is SSL_CERT_FILE=CERTDIR/ca.pem,
#       then "GET / HTTP/1.0" and print the response.
#
# The server is started in the background on a free port (scripts/free_port.py); once it
# listens (scripts/wait_listen.py, which does not connect) the client runs against it with a
# 30 s limit, then the server is stopped; both outputs are shown. Exit status: the
# client's, or 1 if the server did not come up.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 SERVER CLIENT CERTDIR" >&2
    exit 2
fi
server=$1 client=$2 certs=$3
here=$(cd "$(dirname "$0")" && pwd)
port=$(python3 "$here/free_port.py")
logdir=$(mktemp -d)
server_pid=

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $server_pid ]]; then
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap 'stop_server; rm -rf "$logdir"' EXIT

server_args=(127.0.0.1 "$port" "$certs/ecdsa.p12" test)
client_args=(127.0.0.1 "$port" / --target localhost)

echo "demo: server on 127.0.0.1:$port"
"$server" "${server_args[@]}" >"$logdir/server.out" 2>&1 </dev/null &
server_pid=$!

status=0
if python3 "$here/wait_listen.py" "$port" 10 "$server_pid"; then
    SSL_CERT_FILE="$certs/ca.pem" timeout 30 "$client" "${client_args[@]}" \
        >"$logdir/client.out" 2>&1 </dev/null || status=$?
else
    echo "demo: the server did not start listening" >&2
    status=1
fi
stop_server

echo "---------------------------------------------------------------- server output"
cat "$logdir/server.out"
echo "---------------------------------------------------------------- client output"
cat "$logdir/client.out" 2>/dev/null || true
echo "----------------------------------------------------------------"
if [[ $status -eq 0 ]]; then
    echo "demo: client succeeded"
else
    echo "demo: client failed (exit status $status)" >&2
fi
exit "$status"
