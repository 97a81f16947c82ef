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
# limit and killed on exit; the whole script stops after 55 s (SCHSHIM_INTEROP_TIMEOUT; 60 s with
# the grace period). Exit status 0 when every case passes.
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
#
# Renegotiation cases. s_server runs interactive (TLS 1.3 or 1.2 only), its stdin a FIFO; the
# client runs with --echo (every byte it decrypts goes back at once). The data are two lines A
# and B of random hex (A 3004 bytes, B 2004 bytes with the tag "dA "/"dB " and the newline: no
# s_server command letter), each written to s_server's stdin in one write; the script waits for
# each to come back before the next step. "Byte-exact both ways" means: the client's stdout is exactly A then B (what
# s_server sent, decrypted by us), and s_server's stdout, after dropping its "Read BLOCK" notes,
# holds A then B byte for byte (what we sent back, decrypted by OpenSSL). In the -msg logs a
# KeyUpdate is identified with its request_update byte (the dump line "18 00 00 01 0X").
#
#   keyupdate-{K,k}-tls13  A; then s_server's "K" (KeyUpdate, update_requested) or "k" (not
#       requested); once -msg shows it sent, B.
#       - client log: after the data, DecryptMessage returns SEC_I_RENEGOTIATE and its
#         follow-up InitializeSecurityContextA returns SEC_E_OK with a non-empty token (K: our
#         KeyUpdate reply) or an empty one (k);
#       - s_server's -msg log: ">>>" KeyUpdate 01 (K) / 00 (k); K: "<<<" KeyUpdate 00 (our reply,
#         update_not_requested); k: nothing received ("<<<" KeyUpdate absent);
#       - A and B byte-exact both ways; client exits 0; no fatal alert either way.
#   keyupdate-{K,k}-early-write-tls13  the same with --early-write: between DecryptMessage's
#       SEC_I_RENEGOTIATE and the follow-up the client writes "early write 1\n".
#       - K: that EncryptMessage returns SEC_E_CONTEXT_EXPIRED (the reply is owed), the line is
#         written after the follow-up; k: it returns SEC_E_OK at once;
#       - s_server's stdout holds A, "early write 1\n", B in this order, byte for byte; the
#         client's stdout is exactly A B.
#   redo-tls13  client --echo --redo 1000: after 1000 echoed bytes of A the client calls
#       InitializeSecurityContextA on the established context with no input; then B.
#       - client log: that call returns SEC_I_CONTINUE_NEEDED with a non-empty token; "redo: the
#         server's answer came back: DecryptMessage returned SEC_I_RENEGOTIATE" and "redo: the
#         follow-up InitializeSecurityContextA returned SEC_E_OK";
#       - s_server's -msg log: "<<<" KeyUpdate 01 (ours, update_requested), later ">>>"
#         KeyUpdate 00 (its answer; OpenSSL sends it before its next write, i.e. with B);
#       - A and B byte-exact both ways; client exits 0.
#   redo-tls12  the same over TLS 1.2: the call returns SEC_E_UNSUPPORTED_FUNCTION and the
#       client goes on; A and B byte-exact both ways; no HelloRequest, no KeyUpdate, no alert
#       but close_notify in s_server's -msg log; client exits 0.
#   renegotiate-R-tls12  A; then s_server's "R" (HelloRequest).
#       - A byte-exact both ways;
#       - client log: DecryptMessage SEC_I_RENEGOTIATE after the data, its follow-up
#         InitializeSecurityContextA SEC_E_OK with a non-empty token (the no_renegotiation alert);
#       - s_server's -msg log: ">>> ... HelloRequest", then "<<< ... warning no_renegotiation"
#         (OpenSSL received and decrypted our alert).
#       What OpenSSL 3.0 does then, checked as such: it gives up on the connection (ssl3_read_bytes
#       "no renegotiation" on its stderr) and sends ">>> ... fatal handshake_failure"; the
#       client's next DecryptMessage returns SEC_E_ILLEGAL_MESSAGE (that alert) and it exits 2.
#       Nothing is exchanged after the R: the client's stdout is exactly A.
#   renegotiate-R-early-write-tls12  the same with --early-write: the client's write between
#       SEC_I_RENEGOTIATE and the follow-up must either be refused (SEC_E_CONTEXT_EXPIRED, written
#       after the follow-up) or, when EncryptMessage returned SEC_E_OK, reach OpenSSL intact:
#       OpenSSL must decrypt "early write 1\n" after A and must not fail with bad_record_mac.
#       Then as renegotiate-R-tls12 (OpenSSL's handshake_failure).
#   untrusted-{tls12,tls13}, wrongname-*, expired-*  s_server with the unknownca / wrongname /
#       expired certificate: the client exits 2 and reports
#       "InitializeSecurityContextA returned SEC_E_UNTRUSTED_ROOT / SEC_E_WRONG_PRINCIPAL /
#       SEC_E_CERT_EXPIRED". (Whether OpenSSL received our alert is printed as a note only.)
#   manual-untrusted  the unknownca server with --manual (SCH_CRED_MANUAL_CRED_VALIDATION): the
#       handshake succeeds, the client shows the certificate (issuer "SchShim Other CA"),
#       prints the s_server -www page and exits 0.
#
# Client certificates (mutual TLS). s_server runs with -Verify 1 -CAfile ca.pem (it asks for a
# certificate, lists the CA in its CertificateRequest, requires one and verifies it), -quiet,
# -tls1_2|-tls1_3, the ecdsa identity, its stdin a FIFO holding 6000 random bytes.
#
#   clientcert-{tls12,tls13}-{pfx,pem}  the client with a certificate in SCH_CREDENTIALS.paCred:
#       --cert rsa.p12 --password test (pfx) or --pem ecdsa-chain.pem ecdsa.key (pem); it sends a
#       40000-byte random file (--send), close_notify, and reads until OpenSSL's close_notify.
#       - s_server's stdout equals the file and the client's stdout the 6000 bytes (byte-exact
#         both ways); both exit 0;
#       - s_server verified the certificate: its stderr has "depth=0 O = schannel-shim tests,
#         CN = localhost" and "depth=1 ... CN = SchShim Test CA", each followed by
#         "verify return:1", and no "verify error";
#       - s_server's -msg log: ">>>" CertificateRequest, then "<<<" Certificate whose dump holds
#         the DER of the loaded certificate (rsa.pem / ecdsa.pem) byte for byte, and "<<<"
#         CertificateVerify; close_notify both ways, no fatal alert;
#       - client log: AcquireCredentialsHandleA with "client certificate", never
#         SEC_I_INCOMPLETE_CREDENTIALS, LOCAL_CERT_CONTEXT SEC_E_OK, ISSUER_LIST_EX "1 acceptable
#         CA names", the protocol as requested.
#   nocert-{tls12,tls13}  the client without a certificate GETs "/".
#       - client log: InitializeSecurityContextA -> SEC_I_INCOMPLETE_CREDENTIALS exactly once with
#         token 0 bytes, extra 0 bytes; then ISSUER_LIST_EX -> SEC_E_OK, "1 acceptable CA names";
#         the next InitializeSecurityContextA (same input, ISC_REQ_USE_SUPPLIED_CREDS) goes on
#         without a certificate: SEC_I_CONTINUE_NEEDED (TLS 1.2) / SEC_E_OK (TLS 1.3) with a
#         non-empty token;
#       - s_server: "<<<" Certificate of length 7 (TLS 1.2) / 8 (TLS 1.3) with its header, i.e. an
#         empty list;
#         its stderr "peer did not return a certificate"; it sends ">>> ... fatal
#         handshake_failure" (TLS 1.2) / ">>> ... fatal certificate_required" (TLS 1.3);
#       - the client fails on that alert with SEC_E_ILLEGAL_MESSAGE (alerts 40 and 116 map to it):
#         TLS 1.2 "client: failed: InitializeSecurityContextA returned SEC_E_ILLEGAL_MESSAGE",
#         TLS 1.3 (its handshake was complete) "client: failed: DecryptMessage returned
#         SEC_E_ILLEGAL_MESSAGE"; it exits 2.
set -euo pipefail

# The setup, expectations, waits and -msg log readers shared with interop_server.sh.
source "$(dirname "$0")/lib_interop.sh"
interop_setup client "$@"
client=$exe
finish_logs=(client.err s_server.err s_server.msg)

# s_server DIR STDIN ARGS...: starts `openssl s_server -naccept 1` on a free port in DIR
# (its cwd), with -msg into DIR/s_server.msg. Sets $port and $spid. Retries if the port
# was taken in between.
s_server() {
    local dir=$1
    shift
    start_listener "$dir" s_server.err s_server "in use" launch_s_server "$dir" "$@"
}
launch_s_server() { # launch_s_server DIR STDIN ARGS...: for start_listener
    local dir=$1 stdin=$2
    shift 2
    (cd "$dir" && exec timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 1 \
        -msg -msgfile s_server.msg "$@" <"$stdin" >s_server.out 2>s_server.err 3>&-) &
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

ver_flag() { [[ $1 == tls12 ]] && echo -tls1_2 || echo -tls1_3; }

# ------------------------------------------------------------------------------- cases

# CONTRACT §5, §6, §7
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

# CONTRACT §5, §6, §8
case_send() {
    local ver=$1 key=$2 name="send-$1-$2" dir="$work/send-$1-$2" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    head -c 50000 /dev/urandom >"$dir/to_server.bin"
    head -c 8000 /dev/urandom >"$dir/to_client.bin"
    # s_server's stdin: a FIFO that stays open (fd 3), holding what it is to send, so that it
    # sends all of it as soon as the handshake is done and never sees end-of-input.
    open_fifo "$dir"
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

# in_order OUT FILE...: OUT, without s_server's "Read BLOCK" notes, holds the contents of the
# FILEs byte for byte, one after the other in this order (anything may lie in between).
in_order() {
    python3 - "$@" <<'PY'
import sys
out = open(sys.argv[1], "rb").read().replace(b"Read BLOCK\n", b"")
pos = 0
for name in sys.argv[2:]:
    want = open(name, "rb").read()
    at = out.find(want, pos)
    if at < 0:
        sys.exit(1)
    pos = at + len(want)
PY
}
wait_in_order() { poll 100 0.1 in_order "$@"; } # wait_in_order OUT FILE...: up to 10 s
expect_in_order() {
    local out=$1
    shift
    in_order "$out" "$@" || err "$(basename "$out") does not hold $(printf '%s ' "${@##*/}")byte for byte in this order"
}

# start_interactive DIR VER: s_server (interactive, -tls1_2|-tls1_3, ecdsa) on fd 3 = DIR/stdin
start_interactive() {
    open_fifo "$1"
    # shellcheck disable=SC2046
    s_server "$1" "$1/stdin" "$(ver_flag "$2")" $(key_args ecdsa)
}

# start_echo_client DIR ARGS...: the client --echo in the background (as run_client runs it);
# sets $cpid (timeout's pid: killing it stops the client too).
start_echo_client() {
    local dir=$1
    shift
    SSL_CERT_FILE=$certs/ca.pem SSL_CERT_DIR=/nonexistent timeout 20 \
        "$client" 127.0.0.1 "$port" / --echo "$@" --target localhost \
        >"$dir/client.out" 2>"$dir/client.err" 3>&- </dev/null &
    cpid=$!
    pids+=("$cpid")
}

# send_line DIR FILE EXPECTED...: FILE to s_server's stdin in one write; waits until it came back
# (the client's stdout is exactly EXPECTED... concatenated) and s_server printed it.
send_line() {
    local dir=$1 file=$2
    shift 2
    cat "$file" >&3
    cat "$@" >"$dir/client.expected"
    poll 100 0.1 size_at_least "$dir/client.out" "$(stat -c %s "$dir/client.expected")" || true
    wait_in_order "$dir/s_server.out" "$file" || err "s_server did not get $(basename "$file") back"
}

# stop_interactive: "Q" to s_server (it closes the TCP connection, no close_notify), then both
# end; sets $crc and $src.
stop_interactive() {
    printf 'Q\n' >&3 2>/dev/null || true
    wait_exit "$cpid" 5
    crc=$wrc
    wait_exit "$spid" 5
    src=$wrc
    exec 3>&-
}

# CONTRACT §7
case_keyupdate() {
    local cmd=$1 early=${2:-} name dir req
    name="keyupdate-$cmd${early:+-early-write}-tls13"
    dir="$work/$name"
    [[ $cmd == K ]] && req=1 || req=0
    mkdir -p "$dir"
    hexline "$dir/A" dA 1500
    hexline "$dir/B" dB 1000
    printf 'early write 1\n' >"$dir/early"
    if start_interactive "$dir" tls13; then
        start_echo_client "$dir" ${early:+--early-write}
        send_line "$dir" "$dir/A" "$dir/A"
        printf '%s\n' "$cmd" >&3
        wait_for "$dir/s_server.msg" "^>>> TLS 1.3, Handshake \[length 0005\], KeyUpdate" \
            || err "s_server sent no KeyUpdate"
        if [[ $cmd == K ]]; then
            # our reply, sent by the follow-up (the early write, if any, comes after it)
            wait_for "$dir/s_server.msg" "^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate" \
                || err "s_server received no KeyUpdate reply from us"
        fi
        if [[ -n $early ]]; then
            wait_in_order "$dir/s_server.out" "$dir/A" "$dir/early" || err "the early write did not arrive"
        fi
        send_line "$dir" "$dir/B" "$dir/A" "$dir/B"
        stop_interactive
        expect_rc client "$crc" 0
        expect_same "$dir/client.out" "$dir/client.expected"
        if [[ -n $early ]]; then
            expect_in_order "$dir/s_server.out" "$dir/A" "$dir/early" "$dir/B"
        else
            expect_in_order "$dir/s_server.out" "$dir/A" "$dir/B"
            expect_lacks "$dir/client.err" '^client: early write'
        fi
        expect_keyupdate "$dir/s_server.msg" '>>>' "$req"
        local fu
        fu=$(followup_after_data "$dir/client.err" InitializeSecurityContextA)
        if [[ $cmd == K ]]; then
            expect_keyupdate "$dir/s_server.msg" '<<<' 0
            [[ $fu =~ ^InitializeSecurityContextA\ -\>\ SEC_E_OK\ .*,\ token\ [1-9][0-9]*\ bytes, ]] \
                || err "follow-up to the KeyUpdate: '$fu', expected SEC_E_OK with a token"
            if [[ -n $early ]]; then
                expect_has "$dir/client.err" '^client: early write 1: EncryptMessage before the follow-up returned SEC_E_CONTEXT_EXPIRED'
                expect_has "$dir/client.err" '^client: early write 1: sent after the follow-up'
            fi
        else
            has "$dir/s_server.msg" '^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate' \
                && err "s_server received a KeyUpdate although none was requested"
            [[ $fu =~ ^InitializeSecurityContextA\ -\>\ SEC_E_OK\ .*,\ token\ 0\ bytes, ]] \
                || err "follow-up to the KeyUpdate: '$fu', expected SEC_E_OK with an empty token"
            if [[ -n $early ]]; then
                expect_has "$dir/client.err" '^client: early write 1: EncryptMessage before the follow-up returned SEC_E_OK'
            fi
        fi
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    exec 3>&- 2>/dev/null || true
    finish "$name" "$dir"
}

# CONTRACT §7
case_redo() {
    local ver=$1 name="redo-$1" dir="$work/redo-$1"
    mkdir -p "$dir"
    hexline "$dir/A" dA 1500
    hexline "$dir/B" dB 1000
    if start_interactive "$dir" "$ver"; then
        start_echo_client "$dir" --redo 1000
        send_line "$dir" "$dir/A" "$dir/A"
        if [[ $ver == tls13 ]]; then
            wait_for "$dir/s_server.msg" "^<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate" \
                || err "s_server received no KeyUpdate from our redo"
        fi
        send_line "$dir" "$dir/B" "$dir/A" "$dir/B"
        stop_interactive
        expect_rc client "$crc" 0
        expect_same "$dir/client.out" "$dir/client.expected"
        expect_in_order "$dir/s_server.out" "$dir/A" "$dir/B"
        expect_has "$dir/client.err" '^client: redo: 1000 bytes echoed; calling InitializeSecurityContextA'
        if [[ $ver == tls13 ]]; then
            expect_has "$dir/client.err" '^InitializeSecurityContextA -> SEC_I_CONTINUE_NEEDED \(0x00090312\), redo, token [1-9][0-9]* bytes'
            expect_has "$dir/client.err" '^client: redo: the server.s answer came back: DecryptMessage returned SEC_I_RENEGOTIATE'
            expect_has "$dir/client.err" '^client: redo: the follow-up InitializeSecurityContextA returned SEC_E_OK'
            expect_keyupdate "$dir/s_server.msg" '<<<' 1
            expect_keyupdate "$dir/s_server.msg" '>>>' 0
            expect_redo_answered "$dir/s_server.msg"
        else
            expect_has "$dir/client.err" '^InitializeSecurityContextA -> SEC_E_UNSUPPORTED_FUNCTION \(0x80090302\), redo, token 0 bytes'
            expect_has "$dir/client.err" '^client: redo: refused with SEC_E_UNSUPPORTED_FUNCTION'
            expect_no_renegotiation "$dir/s_server.msg"
        fi
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
    fi
    exec 3>&- 2>/dev/null || true
    finish "$name" "$dir"
}

# CONTRACT §7
case_renegotiate() {
    local early=${1:-} name dir
    name="renegotiate-R${early:+-early-write}-tls12"
    dir="$work/$name"
    mkdir -p "$dir"
    hexline "$dir/A" dA 1500
    printf 'early write 1\n' >"$dir/early"
    if start_interactive "$dir" tls12; then
        start_echo_client "$dir" ${early:+--early-write}
        send_line "$dir" "$dir/A" "$dir/A"
        printf 'R\n' >&3
        # our warning, or whatever ended the connection instead
        wait_for "$dir/s_server.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation|Alert.*fatal' \
            || err "s_server received no alert from us"
        wait_exit "$cpid" 5
        crc=$wrc
        wait_exit "$spid" 5
        exec 3>&-
        if [[ -n $early ]]; then
            if has "$dir/client.err" '^client: early write 1: EncryptMessage before the follow-up returned SEC_E_OK'; then
                # Accepted: then the record must be good where it stands on the wire.
                expect_lacks "$dir/s_server.msg" 'bad_record_mac'
                expect_lacks "$dir/s_server.err" 'bad record mac'
                expect_in_order "$dir/s_server.out" "$dir/A" "$dir/early"
            else
                expect_has "$dir/client.err" '^client: early write 1: EncryptMessage before the follow-up returned SEC_E_CONTEXT_EXPIRED'
            fi
        fi
        expect_in_order "$dir/s_server.out" "$dir/A"
        expect_same "$dir/client.out" "$dir/A"
        local fu
        fu=$(followup_after_data "$dir/client.err" InitializeSecurityContextA)
        [[ $fu =~ ^InitializeSecurityContextA\ -\>\ SEC_E_OK\ .*,\ token\ [1-9][0-9]*\ bytes, ]] \
            || err "follow-up to the HelloRequest: '$fu', expected SEC_E_OK with a token (the alert)"
        expect_order "$dir/s_server.msg" '^>>> TLS 1.2, Handshake \[length 0004\], HelloRequest' \
            '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation'
        # OpenSSL 3.0 ends the connection over our refusal:
        expect_order "$dir/s_server.msg" '^<<< TLS 1.2, Alert \[length 0002\], warning no_renegotiation' \
            '^>>> TLS 1.2, Alert \[length 0002\], fatal handshake_failure'
        expect_has "$dir/s_server.err" 'no renegotiation'
        expect_has "$dir/client.err" '^client: failed: DecryptMessage returned SEC_E_ILLEGAL_MESSAGE'
        expect_rc client "$crc" 2
    fi
    exec 3>&- 2>/dev/null || true
    finish "$name" "$dir"
}

# CONTRACT §9
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

# CONTRACT §11
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

# verified_at FILE DEPTH CN: s_server's stderr has "depth=DEPTH ... CN = CN" directly followed by
# "verify return:1".
verified_at() {
    awk -v d="depth=$2 " -v cn="CN = $3" '
        seen { if ($0 == "verify return:1") ok = 1; seen = 0 }
        index($0, d) == 1 && index($0, cn) { seen = 1 }
        END { exit !ok }' "$1"
}

# CONTRACT §3, §4
case_clientcert() {
    local ver=$1 src=$2 name="clientcert-$1-$2" dir="$work/clientcert-$1-$2" v key
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    local opts
    if [[ $src == pfx ]]; then
        key=rsa
        opts=(--cert "$certs/rsa.p12" --password test)
    else
        key=ecdsa
        opts=(--pem "$certs/ecdsa-chain.pem" "$certs/ecdsa.key")
    fi
    der_of "$certs/$key.pem" "$dir/client.der"
    head -c 40000 /dev/urandom >"$dir/to_server.bin"
    head -c 6000 /dev/urandom >"$dir/to_client.bin"
    open_fifo "$dir"
    cat "$dir/to_client.bin" >&3
    # shellcheck disable=SC2046
    if s_server "$dir" "$dir/stdin" -quiet "$(ver_flag "$ver")" -Verify 1 -CAfile "$certs/ca.pem" \
        $(key_args ecdsa); then
        run_client "$dir" / --send "$dir/to_server.bin" "--$ver" "${opts[@]}"
        wait_exit "$spid"
        local src_rc=$wrc
        expect_rc client "$crc" 0
        expect_rc s_server "$src_rc" 0
        expect_same "$dir/s_server.out" "$dir/to_server.bin"
        expect_same "$dir/client.out" "$dir/to_client.bin"
        verified_at "$dir/s_server.err" 0 localhost || err "s_server.err: the client certificate (depth=0 CN = localhost) not followed by 'verify return:1'"
        verified_at "$dir/s_server.err" 1 "SchShim Test CA" || err "s_server.err: its CA (depth=1) not followed by 'verify return:1'"
        expect_lacks "$dir/s_server.err" 'verify error'
        expect_order "$dir/s_server.msg" "^>>> TLS $v, Handshake \[length [0-9a-f]+\], CertificateRequest" \
            "^<<< TLS $v, Handshake \[length [0-9a-f]+\], CertificateVerify"
        expect_msg_holds "$dir/s_server.msg" '<<<' Certificate "$dir/client.der"
        expect_has "$dir/s_server.msg" "^<<< TLS $v, Alert \[length 0002\], warning close_notify"
        expect_has "$dir/s_server.msg" "^>>> TLS $v, Alert \[length 0002\], warning close_notify"
        expect_lacks "$dir/s_server.msg" 'Alert.*fatal'
        expect_has "$dir/client.err" '^AcquireCredentialsHandleA -> SEC_E_OK .*, client certificate$'
        expect_lacks "$dir/client.err" 'SEC_I_INCOMPLETE_CREDENTIALS'
        expect_has "$dir/client.err" '^QueryContextAttributesA\(SECPKG_ATTR_LOCAL_CERT_CONTEXT\) -> SEC_E_OK .*subject "localhost"'
        expect_has "$dir/client.err" '^QueryContextAttributesA\(SECPKG_ATTR_ISSUER_LIST_EX\) -> SEC_E_OK .*, 1 acceptable CA names'
        expect_has "$dir/client.err" "CONNECTION_INFO\) -> SEC_E_OK .*protocol TLS $v "
    fi
    exec 3>&-
    finish "$name" "$dir"
}

# CONTRACT §9
case_nocert() {
    local ver=$1 name="nocert-$1" dir="$work/nocert-$1" v
    v=$(ver_num "$ver")
    mkdir -p "$dir"
    open_fifo "$dir"
    # shellcheck disable=SC2046
    if s_server "$dir" "$dir/stdin" -quiet "$(ver_flag "$ver")" -Verify 1 -CAfile "$certs/ca.pem" \
        $(key_args ecdsa); then
        run_client "$dir" /
        wait_exit "$spid"
        expect_rc client "$crc" 2
        [[ $(grep -c 'SEC_I_INCOMPLETE_CREDENTIALS' "$dir/client.err") -eq 1 ]] \
            || err "client.err: SEC_I_INCOMPLETE_CREDENTIALS not exactly once"
        expect_has "$dir/client.err" '^InitializeSecurityContextA -> SEC_I_INCOMPLETE_CREDENTIALS \(0x00090320\), input [1-9][0-9]* bytes, token 0 bytes, extra 0 bytes'
        expect_order "$dir/client.err" '^InitializeSecurityContextA -> SEC_I_INCOMPLETE_CREDENTIALS' \
            '^QueryContextAttributesA\(SECPKG_ATTR_ISSUER_LIST_EX\) -> SEC_E_OK .*, 1 acceptable CA names'
        local retry want
        retry=$(awk '/^InitializeSecurityContextA -> SEC_I_INCOMPLETE_CREDENTIALS/ { seen = 1; next }
                     seen && /^InitializeSecurityContextA -> / { print; exit }' "$dir/client.err")
        [[ $ver == tls12 ]] && want=SEC_I_CONTINUE_NEEDED || want=SEC_E_OK
        [[ $retry =~ ^InitializeSecurityContextA\ -\>\ $want\ .*,\ token\ [1-9][0-9]*\ bytes, ]] \
            || err "the retry after SEC_I_INCOMPLETE_CREDENTIALS: '$retry', expected $want with a token"
        expect_has "$dir/s_server.msg" "^<<< TLS $v, Handshake \[length 000$([[ $ver == tls12 ]] && echo 7 || echo 8)\], Certificate\$"
        expect_has "$dir/s_server.err" 'peer did not return a certificate'
        if [[ $ver == tls12 ]]; then
            expect_has "$dir/s_server.msg" '^>>> TLS 1.2, Alert \[length 0002\], fatal handshake_failure'
            expect_has "$dir/client.err" '^client: failed: InitializeSecurityContextA returned SEC_E_ILLEGAL_MESSAGE \('
        else
            expect_has "$dir/s_server.msg" '^>>> TLS 1.3, Alert \[length 0002\], fatal certificate_required'
            expect_has "$dir/client.err" '^client: handshake complete'
            expect_has "$dir/client.err" '^client: failed: DecryptMessage returned SEC_E_ILLEGAL_MESSAGE \('
        fi
    fi
    exec 3>&-
    finish "$name" "$dir"
}

echo "interop_client: $client against $(openssl version)"
for_each_ver_key case_get
for_each_ver_key case_send
case_keyupdate K
case_keyupdate k
case_keyupdate K early
case_keyupdate k early
case_redo tls13
case_redo tls12
case_renegotiate
case_renegotiate early
for ver in tls12 tls13; do
    case_reject untrusted unknownca SEC_E_UNTRUSTED_ROOT "$ver"
    case_reject wrongname wrongname SEC_E_WRONG_PRINCIPAL "$ver"
    case_reject expired expired SEC_E_CERT_EXPIRED "$ver"
done
case_manual
for ver in tls12 tls13; do
    case_clientcert "$ver" pfx
    case_clientcert "$ver" pem
    case_nocert "$ver"
done

interop_summary
