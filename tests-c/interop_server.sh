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
# stops after 55 s (SCHSHIM_INTEROP_TIMEOUT; 60 s with the grace period). Exit status 0 when
# every case passes.
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
#       - the server's credential is a SCH_CREDENTIALS for that version (a SCHANNEL_CRED never
#         gives TLS 1.3);
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
#
# Renegotiation cases; the server runs with --echo. In the -msg logs a KeyUpdate is identified
# with its request_update byte (the dump line "18 00 00 01 0X"). "Byte-exact both ways": s_client's
# stdout equals exactly what it was given to send; it is what our server decrypted and encrypted
# again, so a lost, altered or reordered byte in either direction shows.
#
#   keyupdate-{K,k}-tls13  server --tls13; interactive s_client: a line A of random hex (3004
#       bytes with the tag "dA " and the newline), once it is back "K" (KeyUpdate,
#       update_requested) or "k" (not requested), once -msg shows it sent, a line B (2004 bytes,
#       "dB ").
#       - server log: after the data, DecryptMessage -> SEC_I_RENEGOTIATE and its follow-up
#         AcceptSecurityContext -> SEC_E_OK, with a non-empty token (K: our KeyUpdate reply) or an
#         empty one (k);
#       - s_client's -msg log: ">>>" KeyUpdate 01 (K) / 00 (k); K: "<<<" KeyUpdate 00 (our reply,
#         update_not_requested); k: no KeyUpdate received;
#       - s_client's stdout is exactly A then B; both exit 0; no fatal alert.
#   redo-tls13  server --tls13 --redo 30000; s_client -nocommands is given 50000 random bytes A,
#       once they are all back 50000 more B, then end of input (close_notify).
#       - server log: "redo: 30000 bytes echoed", AcceptSecurityContext -> SEC_I_CONTINUE_NEEDED
#         with a non-empty token, "redo: the client's answer came back: DecryptMessage returned
#         SEC_I_RENEGOTIATE", "redo: the follow-up AcceptSecurityContext returned SEC_E_OK";
#       - s_client's -msg log: "<<<" KeyUpdate 01 (ours), then ">>>" KeyUpdate 00 (its answer,
#         which OpenSSL sends before its next write);
#       - s_client's stdout equals A then B; both exit 0; no fatal alert.
#   redo-tls12  server --tls12 --redo 1000, 20000 random bytes: AcceptSecurityContext ->
#       SEC_E_UNSUPPORTED_FUNCTION, "redo: refused"; the data come back byte-exact; no
#       HelloRequest, no alert but close_notify in s_client's -msg log; both exit 0.
#   renegotiate-R-tls12  server --tls12; interactive s_client: line A, once it is back "R"
#       (renegotiation: OpenSSL sends a new ClientHello at once).
#       - A byte-exact both ways (s_client's stdout is exactly A);
#       - server log: after the data, DecryptMessage -> SEC_I_RENEGOTIATE and its follow-up
#         AcceptSecurityContext -> SEC_E_OK with a non-empty token (the no_renegotiation alert);
#       - s_client's -msg log: a second ">>> ... ClientHello", then "<<< ... warning
#         no_renegotiation" (it received and decrypted our alert).
#       What OpenSSL 3.0 does then, checked as such: it gives up on the connection
#       (ssl3_read_bytes "no renegotiation" on its stderr) and sends ">>> ... fatal
#       handshake_failure"; our server's next DecryptMessage returns SEC_E_ILLEGAL_MESSAGE (that
#       alert) and it exits 2. Nothing is exchanged after the R.
#   alert-{untrusted,expired,badcert}-{tls12,tls13}  the server presents the unknownca / expired /
#       wrongname certificate; s_client rejects it and sends its fatal alert (unknown_ca,
#       certificate_expired, bad_certificate): the server's AcceptSecurityContext returns the
#       mapped status SEC_E_UNTRUSTED_ROOT / SEC_E_CERT_EXPIRED / SEC_E_CERT_UNKNOWN and the
#       server exits 2.
#
# Client certificates (mutual TLS): the server runs with --mutual (ASC_REQ_MUTUAL_AUTH), and the
# same SSL_CERT_FILE=ca.pem SSL_CERT_DIR=/nonexistent as a system trust store. s_client runs
# without -brief here, so that it prints its "Acceptable client certificate CA names".
#
#   mutual-{tls12,tls13}  server --VER --echo --mutual --ca ca.pem (hRootStore); s_client -cert
#       rsa.pem -key rsa.key (-no_ign_eof -nocommands) is given 20000 random bytes, then end of
#       input once they are back.
#       - s_client's output lists "Acceptable client certificate CA names" with exactly
#         "O = schannel-shim tests, CN = SchShim Test CA" (the one CA of --ca); its -msg log has
#         "<<<" CertificateRequest whose dump holds that CA's subject DER byte for byte, and
#         ">>>" Certificate holding rsa.pem's DER, then ">>>" CertificateVerify;
#       - the server log: ASC_RET_MUTUAL_AUTH returned, REMOTE_CERT_CONTEXT -> SEC_E_OK with
#         the size of rsa.pem's DER, "client certificate: subject "localhost", issuer "SchShim
#         Test CA"" (CertGetNameStringA), "20000 bytes echoed";
#       - s_client's stdout holds the 20000 bytes byte for byte, after its session report
#         ("New, TLSv1.x", "Verify return code: 0 (ok)"); both exit 0; no fatal alert.
#   mutual-nocert-{tls12,tls13}  server --VER --mutual (no --ca: the CA names are the system
#       store's, i.e. ca.pem's); s_client without -cert.
#       - s_client lists "SchShim Test CA" as acceptable CA name and sends an empty Certificate
#         (">>>" Certificate of length 7 / 8 with its header);
#       - the server's AcceptSecurityContext -> SEC_E_NO_CREDENTIALS with a non-empty token
#         (the alert, ASC_REQ_EXTENDED_ERROR), "server: failed: AcceptSecurityContext returned
#         SEC_E_NO_CREDENTIALS", no REMOTE_CERT_CONTEXT query; exit 2;
#       - s_client received it: "<<< ... fatal certificate_required" in its -msg log and
#         "alert certificate required" on its stderr; it exits non-zero.
set -euo pipefail

# The setup, expectations, waits and -msg log readers shared with interop_client.sh.
source "$(dirname "$0")/lib_interop.sh"
interop_setup server "$@"
server=$exe
finish_logs=(server.err s_client.err s_client.msg)

identity() { # identity VER KEY: the server's certificate options for this case
    case "$1-$2" in
        tls12-ecdsa) echo "--cert $certs/ecdsa.p12 --password test" ;;
        tls13-ecdsa) echo "--pem $certs/ecdsa-chain.pem $certs/ecdsa.key" ;;
        tls12-rsa) echo "--cert $certs/rsa-legacy.p12 --password test" ;;
        tls13-rsa) echo "--pem $certs/rsa-chain.pem $certs/rsa.pkcs1.key" ;;
        *) echo "--cert $certs/$2.p12 --password test" ;;
    esac
}

# start_server DIR ARGS...: our server --once on a free port. Sets $port and $spid.
start_server() {
    local dir=$1
    shift
    start_listener "$dir" server.err "the server" "bind/listen" launch_server "$dir" "$@"
}
launch_server() { # launch_server DIR ARGS...: for start_listener
    local dir=$1
    shift
    timeout 20 "$server" "$port" --once "$@" </dev/null >"$dir/server.out" 2>"$dir/server.err" 3>&- &
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

# CONTRACT §4, §5, §6
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
        expect_has "$dir/server.err" "^AcquireCredentialsHandleA -> SEC_E_OK .*, SCH_CREDENTIALS, TLS $v\$"
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

# CONTRACT §5, §6, §8
case_echo() {
    local ver=$1 key=$2 name="echo-$1-$2" dir="$work/echo-$1-$2" v n=100000
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c "$n" /dev/urandom >"$dir/payload.bin"
    open_fifo "$dir"
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

# feed DIR FILE BYTES: FILE into s_client's stdin (fd 3), then waits until s_client's stdout has
# BYTES bytes.
feed() {
    cat "$2" >&3
    wait_size "$1/s_client.out" "$3" || err "only $(stat -c %s "$1/s_client.out") of $3 bytes came back"
}

# CONTRACT §7
case_keyupdate() {
    local cmd=$1 name="keyupdate-$1-tls13" dir="$work/keyupdate-$1" req
    [[ $cmd == K ]] && req=1 || req=0
    mkdir -p "$dir"
    hexline "$dir/A" dA 1500
    hexline "$dir/B" dB 1000
    cat "$dir/A" "$dir/B" >"$dir/expected.out"
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if start_server "$dir" --tls13 --echo $(identity tls13 ecdsa); then
        # Interactive s_client: a line "K" / "k" sends a KeyUpdate (with / without update_requested).
        s_client "$dir" "$dir/stdin" -no_ign_eof
        feed "$dir" "$dir/A" "$(stat -c %s "$dir/A")"
        printf '%s\n' "$cmd" >&3
        wait_for "$dir/s_client.msg" '^>>> TLS 1.3, Handshake \[length 0005\], KeyUpdate' \
            || err "s_client sent no KeyUpdate"
        if [[ $cmd == K ]]; then
            wait_for "$dir/s_client.msg" '^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate' \
                || err "s_client received no KeyUpdate reply from the server"
        fi
        feed "$dir" "$dir/B" "$(stat -c %s "$dir/expected.out")"
        exec 3>&-
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_same "$dir/s_client.out" "$dir/expected.out"
        expect_keyupdate "$dir/s_client.msg" '>>>' "$req"
        local fu
        fu=$(followup_after_data "$dir/server.err" AcceptSecurityContext)
        if [[ $cmd == K ]]; then
            expect_keyupdate "$dir/s_client.msg" '<<<' 0
            [[ $fu =~ ^AcceptSecurityContext\ -\>\ SEC_E_OK\ .*,\ token\ [1-9][0-9]*\ bytes, ]] \
                || err "follow-up to the KeyUpdate: '$fu', expected SEC_E_OK with a token"
        else
            expect_lacks "$dir/s_client.msg" '^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate'
            [[ $fu =~ ^AcceptSecurityContext\ -\>\ SEC_E_OK\ .*,\ token\ 0\ bytes, ]] \
                || err "follow-up to the KeyUpdate: '$fu', expected SEC_E_OK with an empty token"
        fi
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

# CONTRACT §7
case_redo() {
    local ver=$1 name="redo-$1" dir="$work/redo-$1" v at n
    v=$(ver_num "$ver")
    [[ $ver == tls13 ]] && { at=30000; n=50000; } || { at=1000; n=10000; }
    mkdir -p "$dir"
    head -c "$n" /dev/urandom >"$dir/A"
    head -c "$n" /dev/urandom >"$dir/B"
    cat "$dir/A" "$dir/B" >"$dir/expected.out"
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if start_server "$dir" "--$ver" --echo --redo "$at" $(identity "$ver" ecdsa); then
        s_client "$dir" "$dir/stdin" -no_ign_eof -nocommands
        feed "$dir" "$dir/A" "$n"
        feed "$dir" "$dir/B" "$((2 * n))"
        exec 3>&- # end of s_client's input: it sends close_notify
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_same "$dir/s_client.out" "$dir/expected.out"
        expect_has "$dir/s_client.err" "^Protocol version: TLSv$v\$"
        expect_has "$dir/server.err" "^server: redo: $at bytes echoed; calling AcceptSecurityContext"
        expect_has "$dir/server.err" "^server: $((2 * n)) bytes echoed"
        if [[ $ver == tls13 ]]; then
            expect_has "$dir/server.err" '^AcceptSecurityContext -> SEC_I_CONTINUE_NEEDED \(0x00090312\), redo, token [1-9][0-9]* bytes'
            expect_has "$dir/server.err" '^server: redo: the client.s answer came back: DecryptMessage returned SEC_I_RENEGOTIATE'
            expect_has "$dir/server.err" '^server: redo: the follow-up AcceptSecurityContext returned SEC_E_OK'
            expect_redo_answered "$dir/s_client.msg"
        else
            expect_has "$dir/server.err" '^AcceptSecurityContext -> SEC_E_UNSUPPORTED_FUNCTION \(0x80090302\), redo, token 0 bytes'
            expect_has "$dir/server.err" '^server: redo: refused with SEC_E_UNSUPPORTED_FUNCTION'
            expect_no_renegotiation "$dir/s_client.msg"
        fi
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

# CONTRACT §7
case_renegotiate() {
    local name=renegotiate-R-tls12 dir="$work/renegotiate-R-tls12"
    mkdir -p "$dir"
    hexline "$dir/A" dA 1500
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if start_server "$dir" --tls12 --echo $(identity tls12 ecdsa); then
        s_client "$dir" "$dir/stdin" -no_ign_eof
        feed "$dir" "$dir/A" "$(stat -c %s "$dir/A")"
        printf 'R\n' >&3
        wait_for "$dir/s_client.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation|Alert.*fatal' \
            || err "s_client received no alert from the server"
        wait_exit "$cpid" 5
        local crc=$wrc
        wait_exit "$spid" 5
        exec 3>&-
        expect_same "$dir/s_client.out" "$dir/A"
        local fu
        fu=$(followup_after_data "$dir/server.err" AcceptSecurityContext)
        [[ $fu =~ ^AcceptSecurityContext\ -\>\ SEC_E_OK\ .*,\ token\ [1-9][0-9]*\ bytes, ]] \
            || err "follow-up to the ClientHello: '$fu', expected SEC_E_OK with a token (the alert)"
        [[ $(grep -c '^>>> .*Handshake .*ClientHello$' "$dir/s_client.msg") -eq 2 ]] \
            || err "s_client.msg: not exactly two ClientHellos"
        expect_has "$dir/s_client.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation'
        # OpenSSL 3.0 ends the connection over our refusal:
        expect_order "$dir/s_client.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation' \
            '^>>> TLS 1.2, Alert \[length 0002\], fatal handshake_failure'
        expect_has "$dir/s_client.err" 'no renegotiation'
        expect_has "$dir/server.err" '^server: failed: DecryptMessage returned SEC_E_ILLEGAL_MESSAGE'
        expect_rc server "$wrc" 2
        [[ $crc -ne 0 ]] || err "s_client exited 0 after the failed renegotiation"
    fi
    exec 3>&-
    finish "$name" "$dir"
}

# CONTRACT §8
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

# subject_der CERTDER OUT: the DER of the certificate's subject Name (TBSCertificate field).
subject_der() {
    python3 - "$1" "$2" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
def tlv(i):  # (tag, content start, content length) of the TLV at i
    t, n, i = d[i], d[i + 1], i + 2
    if n & 0x80:
        k = n & 0x7F
        n, i = int.from_bytes(d[i:i + k], "big"), i + k
    return t, i, n
_, tbs, _ = tlv(0)
_, i, n = tlv(tbs)
fields, end = [], i + n
while i < end:
    t, c, n = tlv(i)
    fields.append((t, i, c + n))
    i = c + n
k = 1 if fields[0][0] == 0xA0 else 0  # [0] version
_, a, b = fields[k + 4]  # serial, signature, issuer, validity, subject
open(sys.argv[2], "wb").write(d[a:b])
PY
}

# holds_once OUT FILE: OUT contains the bytes of FILE, exactly once, contiguous.
holds_once() {
    python3 - "$1" "$2" <<'PY'
import sys
out, want = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
at = out.find(want)
sys.exit(0 if at >= 0 and out.find(want, at + 1) < 0 else 1)
PY
}
wait_holds() { poll 100 0.1 holds_once "$1" "$2"; } # wait_holds OUT FILE: up to 10 s

# ca_names OUT: the lines of s_client's "Acceptable client certificate CA names" section.
ca_names() {
    awk '/^Acceptable client certificate CA names$/ { on = 1; next }
         on && /^(Client Certificate Types|Requested Signature Algorithms|Shared Requested|Peer signing|Peer signature|Server Temp Key|---)/ { exit }
         on { print }' "$1"
}

# s_client_full DIR STDIN ARGS...: s_client as s_client() starts it, without -brief.
s_client_full() {
    local dir=$1 stdin=$2
    shift 2
    timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
        -verify_return_error -servername localhost -verify_hostname localhost \
        -msg -msgfile "$dir/s_client.msg" "$@" <"$stdin" >"$dir/s_client.out" 2>"$dir/s_client.err" 3>&- &
    cpid=$!
    pids+=("$cpid")
}

# CONTRACT §4, §10
case_mutual() {
    local ver=$1 name="mutual-$1" dir="$work/mutual-$1" v n=20000
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c "$n" /dev/urandom >"$dir/payload.bin"
    der_of "$certs/rsa.pem" "$dir/client.der"
    der_of "$certs/ca.pem" "$dir/ca.der"
    subject_der "$dir/ca.der" "$dir/ca-subject.der"
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent \
        start_server "$dir" "--$ver" --echo --mutual --ca "$certs/ca.pem" $(identity "$ver" ecdsa); then
        s_client_full "$dir" "$dir/stdin" -cert "$certs/rsa.pem" -key "$certs/rsa.key" -no_ign_eof -nocommands
        cat "$dir/payload.bin" >&3
        wait_holds "$dir/s_client.out" "$dir/payload.bin" || err "the $n bytes did not come back"
        exec 3>&- # end of s_client's input: it sends close_notify
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        expect_rc s_client "$crc" 0
        expect_rc server "$wrc" 0
        expect_has "$dir/s_client.out" "^New, TLSv$v, Cipher is "
        expect_has "$dir/s_client.out" '^ *Verify return code: 0 \(ok\)'
        ca_names "$dir/s_client.out" >"$dir/ca_names"
        [[ $(cat "$dir/ca_names") == "O = schannel-shim tests, CN = SchShim Test CA" ]] \
            || err "s_client's acceptable CA names: '$(tr '\n' '|' <"$dir/ca_names")', expected exactly SchShim Test CA"
        expect_msg_holds "$dir/s_client.msg" '<<<' CertificateRequest "$dir/ca-subject.der"
        expect_msg_holds "$dir/s_client.msg" '>>>' Certificate "$dir/client.der"
        expect_order "$dir/s_client.msg" "^<<< TLS $v, Handshake \[length [0-9a-f]+\], CertificateRequest" \
            "^>>> TLS $v, Handshake \[length [0-9a-f]+\], CertificateVerify"
        holds_once "$dir/s_client.out" "$dir/payload.bin" || err "s_client.out does not hold the $n bytes byte for byte"
        expect_has "$dir/server.err" '^AcquireCredentialsHandleA -> SEC_E_OK .*, hRootStore$'
        expect_has "$dir/server.err" '^server: ASC_RET_MUTUAL_AUTH returned'
        expect_has "$dir/server.err" "^QueryContextAttributesA\(SECPKG_ATTR_REMOTE_CERT_CONTEXT\) -> SEC_E_OK .*client certificate $(stat -c %s "$dir/client.der") bytes"
        expect_has "$dir/server.err" '^server: client certificate: subject "localhost", issuer "SchShim Test CA"'
        expect_has "$dir/server.err" "^server: $n bytes echoed"
        expect_has "$dir/server.err" '^DecryptMessage -> SEC_I_CONTEXT_EXPIRED '
        expect_lacks "$dir/s_client.msg" 'Alert.*fatal'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

# CONTRACT §9
case_mutual_nocert() {
    local ver=$1 name="mutual-nocert-$1" dir="$work/mutual-nocert-$1" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    # s_client's stdin stays open: at its end it would close the connection (TLS 1.3: its
    # handshake is over before our verdict) instead of waiting for the server's alert.
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent \
        start_server "$dir" "--$ver" --mutual $(identity "$ver" ecdsa); then
        s_client_full "$dir" "$dir/stdin" -no_ign_eof -nocommands
        wait_exit "$cpid" 10
        local crc=$wrc
        wait_exit "$spid"
        exec 3>&-
        [[ $crc -ne 0 ]] || err "s_client exited 0"
        expect_rc server "$wrc" 2
        ca_names "$dir/s_client.out" >"$dir/ca_names"
        [[ $(cat "$dir/ca_names") == "O = schannel-shim tests, CN = SchShim Test CA" ]] \
            || err "s_client's acceptable CA names: '$(tr '\n' '|' <"$dir/ca_names")', expected exactly SchShim Test CA"
        expect_has "$dir/s_client.msg" "^>>> TLS $v, Handshake \[length 000$([[ $ver == tls12 ]] && echo 7 || echo 8)\], Certificate\$"
        expect_has "$dir/server.err" '^AcceptSecurityContext -> SEC_E_NO_CREDENTIALS \(0x8009030E\), .*token [1-9][0-9]* bytes'
        expect_has "$dir/server.err" '^server: failed: AcceptSecurityContext returned SEC_E_NO_CREDENTIALS \('
        expect_lacks "$dir/server.err" 'REMOTE_CERT_CONTEXT'
        expect_has "$dir/s_client.msg" "^<<< TLS $v, Alert \[length 0002\], fatal certificate_required"
        expect_has "$dir/s_client.err" 'alert certificate required'
    fi
    exec 3>&-
    finish "$name" "$dir"
}

echo "interop_server: $server against $(openssl version)"
for_each_ver_key case_http
for_each_ver_key case_echo
case_keyupdate K
case_keyupdate k
case_redo tls13
case_redo tls12
case_renegotiate
for ver in tls12 tls13; do
    case_alert untrusted unknownca SEC_E_UNTRUSTED_ROOT "$ver"
    case_alert expired expired SEC_E_CERT_EXPIRED "$ver"
    case_alert badcert wrongname SEC_E_CERT_UNKNOWN "$ver"
done
for ver in tls12 tls13; do
    case_mutual "$ver"
    case_mutual_nocert "$ver"
done

interop_summary
