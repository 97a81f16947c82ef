#!/usr/bin/env bash
# Makes DER OCSP responses about the chain3 certificates of a test PKI (tests-c/certs.sh), with
# the openssl 3.0 CLI's `ocsp` responder mode (`-index`, `-rsigner`/`-rkey`, `-respout`).
# Responses carry the time they are made, so they are made fresh for each test run, never
# kept with the PKI.
#
#   tests-c/ocsp_responses.sh PKIDIR OUTDIR
#
# The responder's database says: chain3-leaf good, chain3-ip revoked, anything else unknown.
# Output in OUTDIR (CertID hash SHA-1 and response signature ECDSA SHA-256 unless said):
#   good.der            chain3-leaf good, signed by the issuer (chain3-int), nextUpdate in 30 days
#   good-sha256.der     the same with a SHA-256 CertID
#   good-keyid.der      the same with the responder ID by key hash (-resp_key_id)
#   revoked.der         chain3-ip revoked, signed by the issuer
#   unknown.der         chain3-wild unknown (not in the database), signed by the issuer
#   wrong-signer.der    chain3-leaf good, signed by "SchShim Test CA" (ca.pem), not its issuer
#   stale.der           chain3-leaf good, signed by the issuer, nextUpdate one minute after
#                       thisUpdate
#   delegated.der       chain3-leaf good, signed by ocsp-responder.pem (issued by chain3-int,
#                       extendedKeyUsage OCSPSigning), which the response carries
#   delegated-revoked.der  chain3-ip revoked, the same responder
#   delegated-noeku.der chain3-leaf good, signed by ocsp-noeku.pem (issued by chain3-int, no
#                       extendedKeyUsage), which the response carries
#   trylater.der        an OCSPResponse with status tryLater (no response bytes)
#   ocsp-responder.pem, ocsp-responder.key, ocsp-noeku.pem, ocsp-noeku.key
set -Eeuo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 PKIDIR OUTDIR" >&2
    exit 2
fi
PKI=$(cd "$1" && pwd)
mkdir -p "$2"
OUT=$(cd "$2" && pwd)
LOG="$OUT/openssl.log"
: >"$LOG"
trap 'echo "ocsp_responses.sh: failed at line $LINENO; openssl said:" >&2; cat "$LOG" >&2' ERR

ossl() { openssl "$@" 2>>"$LOG" >/dev/null </dev/null; }

# The database line of a certificate: STATUS, expiry, revocation date, serial, file, subject.
index_line() { # index_line V|R CERT
    local serial subject revoked=""
    serial=$(openssl x509 -in "$2" -noout -serial </dev/null | sed 's/^serial=//')
    subject=$(openssl x509 -in "$2" -noout -subject -nameopt compat </dev/null | sed 's/^subject=//')
    [[ $1 == R ]] && revoked=240101000000Z
    printf '%s\t%s\t%s\t%s\tunknown\t%s\n' "$1" 351231235959Z "$revoked" "$serial" "$subject"
}
{
    index_line V "$PKI/chain3-leaf.pem"
    index_line R "$PKI/chain3-ip.pem"
} >"$OUT/index.txt"

cat >"$OUT/ext.cnf" <<'EOF'
[responder]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[noeku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# responder NAME EXTSECTION: a responder certificate issued by chain3-int.
responder() {
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/$1.key"
    ossl req -new -key "$OUT/$1.key" -subj "/O=schannel-shim tests/CN=SchShim $1" -out "$OUT/$1.csr"
    ossl x509 -req -in "$OUT/$1.csr" -CA "$PKI/chain3-int.pem" -CAkey "$PKI/chain3-int.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 3650 -sha256 \
        -extfile "$OUT/ext.cnf" -extensions "$2" -out "$OUT/$1.pem"
}
responder ocsp-responder responder
responder ocsp-noeku noeku

# respond OUT CERT SIGNER SIGNERKEY [options...]: the response to a request for CERT.
respond() {
    local out=$1 cert=$2 signer=$3 key=$4
    shift 4
    # The options first: openssl takes a CertID digest only before -cert.
    ossl ocsp "$@" -index "$OUT/index.txt" -CA "$PKI/chain3-int.pem" \
        -issuer "$PKI/chain3-int.pem" -cert "$cert" -rsigner "$signer" -rkey "$key" -rmd sha256 \
        -noverify -respout "$OUT/$out"
    [[ -s "$OUT/$out" ]]
}
int=("$PKI/chain3-int.pem" "$PKI/chain3-int.key")
respond good.der "$PKI/chain3-leaf.pem" "${int[@]}" -ndays 30
respond good-sha256.der "$PKI/chain3-leaf.pem" "${int[@]}" -ndays 30 -sha256
respond good-keyid.der "$PKI/chain3-leaf.pem" "${int[@]}" -ndays 30 -resp_key_id
respond revoked.der "$PKI/chain3-ip.pem" "${int[@]}" -ndays 30
respond unknown.der "$PKI/chain3-wild.pem" "${int[@]}" -ndays 30
respond wrong-signer.der "$PKI/chain3-leaf.pem" "$PKI/ca.pem" "$PKI/ca.key" -ndays 30
respond stale.der "$PKI/chain3-leaf.pem" "${int[@]}" -nmin 1
respond delegated.der "$PKI/chain3-leaf.pem" "$OUT/ocsp-responder.pem" "$OUT/ocsp-responder.key" -ndays 30
respond delegated-revoked.der "$PKI/chain3-ip.pem" "$OUT/ocsp-responder.pem" \
    "$OUT/ocsp-responder.key" -ndays 30
respond delegated-noeku.der "$PKI/chain3-leaf.pem" "$OUT/ocsp-noeku.pem" "$OUT/ocsp-noeku.key" -ndays 30
# OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED tryLater(3) }
printf '\x30\x03\x0a\x01\x03' >"$OUT/trylater.der"

# Sanity checks: what openssl reads in the responses is what the names say.
status_of() { # status_of RESPONSE CERT: openssl's reading of the response's status for CERT
    openssl ocsp -respin "$OUT/$1" -issuer "$PKI/chain3-int.pem" -cert "$2" -noverify \
        </dev/null 2>>"$LOG" | sed -n "s#^$2: ##p"
}
[[ $(status_of good.der "$PKI/chain3-leaf.pem") == good ]]
[[ $(status_of revoked.der "$PKI/chain3-ip.pem") == revoked ]]
[[ $(status_of unknown.der "$PKI/chain3-wild.pem") == unknown ]]
[[ $(status_of delegated.der "$PKI/chain3-leaf.pem") == good ]]
rm -f "$OUT"/*.csr
