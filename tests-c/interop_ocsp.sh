#!/usr/bin/env bash
# Interop: OCSP stapling (CONTRACT §11). `openssl s_server -status_file` (OpenSSL 3.0) on
# 127.0.0.1 staples a response made by `openssl ocsp` (tests-c/ocsp_responses.sh); our client
# (tests-c/helper_ocsp_client.c) checks the server certificate as curl's Schannel backend does
# with a CA file: SECPKG_ATTR_REMOTE_CERT_CONTEXT, then CertGetCertificateChain through an engine
# whose hExclusiveRoot holds the chain3 root (and the root's CRL, so the intermediate's status is
# known), with CERT_CHAIN_REVOCATION_CHECK_END_CERT and with ..._CHAIN_EXCLUDE_ROOT, and the SSL
# policy.
#
#   bash tests-c/interop_ocsp.sh [HELPER]
#
# HELPER is the helper_ocsp_client executable (default $SCHSHIM_BIN_DIR/helper_ocsp_client).
# Certificates, time limits and cleanup as in interop_client.sh (lib_interop.sh).
#
# Cases (each over TLS 1.2 and TLS 1.3), and exactly what each checks:
#
#   good-{tls12,tls13}  s_server with chain3-leaf staples good.der (signed by the issuer).
#       - the helper exits 0; CERT_OCSP_RESPONSE_PROP_ID holds exactly good.der (size and
#         SHA-256); CHECK_END_CERT: leaf error status 0, policy dwError 0; CHECK_CHAIN_EXCLUDE_ROOT:
#         leaf 0, intermediate 0 (the root's CRL), policy 0;
#       - TLS 1.2: s_server's -msg log shows it sent a CertificateStatus message.
#   revoked-{tls12,tls13}  s_server with chain3-ip staples revoked.der.
#       - the property holds revoked.der; both checks: leaf CERT_TRUST_IS_REVOKED, policy
#         CRYPT_E_REVOKED; the intermediate 0.
#   none-{tls12,tls13}  s_server with chain3-leaf, no -status_file: it staples nothing.
#       - no property (CRYPT_E_NOT_FOUND); CHECK_END_CERT: leaf
#         CERT_TRUST_REVOCATION_STATUS_UNKNOWN, policy CRYPT_E_NO_REVOCATION_CHECK (what curl
#         fails on, as on Windows for a certificate without revocation information).
#   server-staples-{tls12,tls13}  the other direction: examples/server --ocsp good.der (it sets
#       CERT_OCSP_RESPONSE_PROP_ID on its chain3-leaf certificate context before
#       AcquireCredentialsHandle) and `openssl s_client -status`, which GETs "/".
#       - the server exits 0 and s_client gets its "HTTP/1.0 200" page; s_client prints the stapled response: "OCSP Response Status:
#         successful", "Cert Status: good", the intermediate as responder, and verifies the chain
#         ("Verify return code: 0 (ok)").
#   unusable-tls13-wrong-signer, unusable-tls12-trylater  s_server staples a response we cannot
#       use: signed by a CA that is not the issuer, or an OCSPResponse with status tryLater
#       (s_server only staples what parses as an OCSPResponse; the Rust tests cover bytes that
#       do not).
#       - the handshake succeeds (the helper exits 0); the property holds those bytes; CHECK_END_CERT:
#         leaf CERT_TRUST_REVOCATION_STATUS_UNKNOWN, policy CRYPT_E_NO_REVOCATION_CHECK.
set -euo pipefail

# The setup, expectations and waits shared with the other interop scripts.
source "$(dirname "$0")/lib_interop.sh"
interop_setup ocsp "${1:-${SCHSHIM_BIN_DIR:-.}/helper_ocsp_client}"
helper=$exe
finish_logs=(client.out client.err s_server.err s_server.msg server.err s_client.out s_client.err)

bash "$here/ocsp_responses.sh" "$certs" "$work/ocsp"

launch_s_server() { # launch_s_server DIR CERTNAME VER [STATUSFILE]
    local status=()
    [[ -n ${4:-} ]] && status=(-status_file "$4")
    (cd "$1" && exec timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -WWW \
        "-tls1_${3#tls1}" -msg -msgfile s_server.msg -cert "$certs/$2.pem" -key "$certs/$2.key" \
        -cert_chain "$certs/$2-chain.pem" "${status[@]}" </dev/null >s_server.out \
        2>s_server.err 3>&-) &
}

# run_case NAME CERTNAME VER [STATUSFILE]: s_server stapling STATUSFILE, then the helper; sets
# $dir and $crc (the helper's exit status), or returns 1 when s_server did not start.
run_case() {
    dir="$work/$1"
    mkdir -p "$dir"
    crc=0
    start_listener "$dir" s_server.err s_server "in use" launch_s_server "$dir" "$2" "$3" "${4:-}" ||
        return 1
    timeout 20 "$helper" "$port" "${3#tls}" "$certs/chain3-root.pem" "$certs/chain3-root.crl" \
        >"$dir/client.out" 2>"$dir/client.err" 3>&- </dev/null || crc=$?
    wait_exit "$spid"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

REVOKED=00000004
UNKNOWN=00000040
CRYPT_E_REVOKED=80092010
CRYPT_E_NO_REVOCATION_CHECK=80092012
CRYPT_E_NOT_FOUND=80092004

# CONTRACT §11; stapled OCSP (issue 12)
case_good() {
    local ver=$1 resp="$work/ocsp/good.der"
    if run_case "good-$ver" chain3-leaf "$ver" "$resp"; then
        expect_rc helper "$crc" 0
        expect_has "$dir/client.out" "^ocsp_property $(stat -c %s "$resp") bytes$"
        expect_has "$dir/client.out" "^ocsp_sha256 $(sha256_of "$resp")$"
        expect_has "$dir/client.out" '^end_cert 00000000 00000000$'
        expect_has "$dir/client.out" '^exclude_root 00000000 00000000 00000000$'
        if [[ $ver == tls12 ]]; then
            expect_has "$dir/s_server.msg" '^>>> TLS 1.2, Handshake \[length [0-9a-f]+\], CertificateStatus$'
        fi
    fi
    finish "good-$ver" "$dir"
}

# CONTRACT §11; stapled OCSP (issue 12)
case_revoked() {
    local ver=$1 resp="$work/ocsp/revoked.der"
    if run_case "revoked-$ver" chain3-ip "$ver" "$resp"; then
        expect_rc helper "$crc" 0
        expect_has "$dir/client.out" "^ocsp_sha256 $(sha256_of "$resp")$"
        expect_has "$dir/client.out" "^end_cert $REVOKED $CRYPT_E_REVOKED$"
        expect_has "$dir/client.out" "^exclude_root $REVOKED 00000000 $CRYPT_E_REVOKED$"
    fi
    finish "revoked-$ver" "$dir"
}

# CONTRACT §11; stapled OCSP (issue 12)
case_none() {
    local ver=$1
    if run_case "none-$ver" chain3-leaf "$ver"; then
        expect_rc helper "$crc" 0
        expect_has "$dir/client.out" "^ocsp_property none 0x$CRYPT_E_NOT_FOUND$"
        expect_has "$dir/client.out" "^end_cert $UNKNOWN $CRYPT_E_NO_REVOCATION_CHECK$"
        expect_has "$dir/client.out" "^exclude_root $UNKNOWN 00000000 $CRYPT_E_NO_REVOCATION_CHECK$"
    fi
    finish "none-$ver" "$dir"
}

# CONTRACT §11; stapled OCSP (issue 12)
case_unusable() { # case_unusable VER RESPONSE
    local name="unusable-$1-${2%.der}" resp="$work/ocsp/$2"
    if run_case "$name" chain3-leaf "$1" "$resp"; then
        expect_rc helper "$crc" 0
        expect_has "$dir/client.out" "^ocsp_sha256 $(sha256_of "$resp")$"
        expect_has "$dir/client.out" "^end_cert $UNKNOWN $CRYPT_E_NO_REVOCATION_CHECK$"
    fi
    finish "$name" "$dir"
}

example_server=${SCHSHIM_EXAMPLE_SERVER:-${SCHSHIM_BIN_DIR:-.}/example_server}

launch_server() { # launch_server DIR ARGS...: for start_listener
    local dir=$1
    shift
    timeout 20 "$example_server" "$port" --once --quiet "$@" </dev/null >"$dir/server.out" \
        2>"$dir/server.err" 3>&- &
}

# CONTRACT §11; stapled OCSP (issue 12)
case_server_staples() {
    local ver=$1 name="server-staples-$1" resp="$work/ocsp/good.der"
    dir="$work/$name"
    mkdir -p "$dir"
    if start_listener "$dir" server.err "the server" "bind/listen" launch_server "$dir" \
        --pem "$certs/chain3-leaf-chain.pem" "$certs/chain3-leaf.key" "--$ver" --ocsp "$resp"; then
        printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >"$dir/request"
        timeout 20 openssl s_client -connect "127.0.0.1:$port" -status "-tls1_${ver#tls1}" \
            -CAfile "$certs/chain3-root.pem" -verify_return_error -servername localhost -ign_eof \
            <"$dir/request" >"$dir/s_client.out" 2>"$dir/s_client.err" 3>&- || err "s_client exited $?"
        wait_exit "$spid"
        expect_rc server "$wrc" 0
        expect_has "$dir/s_client.out" '^ *OCSP Response Status: successful'
        expect_has "$dir/s_client.out" '^HTTP/1.0 200'
        expect_has "$dir/s_client.out" 'Cert Status: good'
        expect_has "$dir/s_client.out" 'Responder Id: O = schannel-shim tests, CN = SchShim Chain Intermediate CA'
        expect_has "$dir/s_client.out" 'Verify return code: 0 \(ok\)'
    fi
    finish "$name" "$dir"
}

for ver in tls12 tls13; do
    case_server_staples "$ver"
    case_good "$ver"
    case_revoked "$ver"
    case_none "$ver"
done
case_unusable tls13 wrong-signer.der
case_unusable tls12 trylater.der

interop_summary
