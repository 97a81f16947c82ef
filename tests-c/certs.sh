#!/usr/bin/env bash
# Makes the test PKI for the C tests and the demo, with the openssl 3.0 CLI only.
#
#   tests-c/certs.sh OUTDIR
#
# Idempotent: does nothing when OUTDIR/.done exists. Builds everything in a temporary
# directory and moves it into OUTDIR, writing OUTDIR/.done last, so an interrupted run
# never leaves a half-made OUTDIR that looks finished.
#
# Output (all PEM unless said otherwise):
#   ca.pem, ca.key            test CA, ECDSA P-256, CN "SchShim Test CA"
#   otherca.pem, otherca.key  second CA, CN "SchShim Other CA" (NOT in ca.pem)
#   for NAME in ecdsa rsa expired wrongname unknownca:
#     NAME.pem                leaf certificate
#     NAME.key                its private key, PKCS#8 ("BEGIN PRIVATE KEY")
#     NAME-chain.pem          leaf + its issuing CA
#     NAME.p12                PKCS#12 (OpenSSL 3 default: PBES2/AES-256, SHA-256 MAC),
#                             password "test", leaf + key + issuing CA, friendly name NAME
#     NAME-legacy.p12         same, `-legacy` (RC2/3DES, SHA-1 MAC), password "test"
#   ecdsa.sec1.key            the ecdsa key as SEC1 ("BEGIN EC PRIVATE KEY")
#   rsa.pkcs1.key             the rsa key as PKCS#1 ("BEGIN RSA PRIVATE KEY")
#
# Leaves: CN localhost, SAN DNS:localhost + IP:127.0.0.1, EKU serverAuth + clientAuth,
# valid from the moment they are made for ten years, except:
#   rsa        RSA-2048 key
#   expired    valid 2020-01-01 .. 2021-01-01 (made with `openssl ca`, as OpenSSL 3.0's
#              `x509` cannot set notBefore)
#   wrongname  SAN DNS:other.example only (CN other.example)
#   unknownca  signed by otherca
set -Eeuo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
OUT=$1
if [[ -f "$OUT/.done" ]]; then
    exit 0
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${OUT%/}.tmp.XXXXXX")
LOG="$WORK/openssl.log"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
fail() {
    echo "certs.sh: failed at line $1; openssl said:" >&2
    cat "$LOG" >&2 || true
    exit 1
}
trap 'fail $LINENO' ERR

ossl() { openssl "$@" 2>>"$LOG" >/dev/null </dev/null; }

cd "$WORK"
mkdir pki
cat >pki/ext.cnf <<'EOF'
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[leaf_ec]
keyUsage = critical, digitalSignature
subjectAltName = DNS:localhost, IP:127.0.0.1
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[leaf_rsa]
keyUsage = critical, digitalSignature, keyEncipherment
subjectAltName = DNS:localhost, IP:127.0.0.1
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[leaf_wrongname]
keyUsage = critical, digitalSignature
subjectAltName = DNS:other.example
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

ec_key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
rsa_key() { ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }
serial() { echo "0x$(openssl rand -hex 8)"; }

# make_ca NAME CN
make_ca() {
    ec_key "$1.key"
    ossl req -new -x509 -key "$1.key" -subj "/O=schannel-shim tests/CN=$2" -sha256 \
        -days 3650 -set_serial "$(serial)" \
        -config pki/ext.cnf -extensions ca_ext -out "$1.pem"
}

# make_leaf NAME KEYTYPE(ec|rsa) CN EXTSECTION ISSUER
make_leaf() {
    local name=$1 type=$2 cn=$3 ext=$4 issuer=$5
    "${type}_key" "$name.key"
    ossl req -new -key "$name.key" -subj "/O=schannel-shim tests/CN=$cn" -out "pki/$name.csr"
    ossl x509 -req -in "pki/$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" \
        -set_serial "$(serial)" -days 3650 -sha256 \
        -extfile pki/ext.cnf -extensions "$ext" -out "$name.pem"
}

make_ca ca "SchShim Test CA"
make_ca otherca "SchShim Other CA"

make_leaf ecdsa ec localhost leaf_ec ca
make_leaf rsa rsa localhost leaf_rsa ca
make_leaf wrongname ec other.example leaf_wrongname ca
make_leaf unknownca ec localhost leaf_ec otherca

# expired: `openssl ca` with an explicit validity window, on a throwaway CA database.
mkdir pki/db pki/newcerts
: >pki/db/index.txt
openssl rand -hex 8 >pki/db/serial
cat >pki/ca.cnf <<EOF
[ca]
default_ca = test_ca

[test_ca]
dir = $WORK/pki
database = \$dir/db/index.txt
serial = \$dir/db/serial
new_certs_dir = \$dir/newcerts
certificate = $WORK/ca.pem
private_key = $WORK/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[policy_any]
organizationName = optional
commonName = supplied
EOF
ec_key expired.key
ossl req -new -key expired.key -subj "/O=schannel-shim tests/CN=localhost" -out pki/expired.csr
ossl ca -batch -notext -config pki/ca.cnf -in pki/expired.csr -out expired.pem \
    -startdate 20200101000000Z -enddate 20210101000000Z \
    -extfile pki/ext.cnf -extensions leaf_ec

issuer_of() { if [[ $1 == unknownca ]]; then echo otherca; else echo ca; fi; }

for name in ecdsa rsa expired wrongname unknownca; do
    ca=$(issuer_of "$name")
    # Keys from genpkey are PKCS#8 already; normalise anyway so the format is certain.
    ossl pkey -in "$name.key" -out "$name.key.p8"
    mv "$name.key.p8" "$name.key"
    cat "$name.pem" "$ca.pem" >"$name-chain.pem"
    ossl pkcs12 -export -inkey "$name.key" -in "$name.pem" -certfile "$ca.pem" \
        -name "$name" -passout pass:test -out "$name.p12"
    ossl pkcs12 -export -legacy -inkey "$name.key" -in "$name.pem" -certfile "$ca.pem" \
        -name "$name" -passout pass:test -out "$name-legacy.p12"
done

ossl ec -in ecdsa.key -out ecdsa.sec1.key
ossl rsa -in rsa.key -traditional -out rsa.pkcs1.key

# Sanity checks: formats and chains are what the tests expect.
grep -q "BEGIN PRIVATE KEY" ecdsa.key
grep -q "BEGIN EC PRIVATE KEY" ecdsa.sec1.key
grep -q "BEGIN RSA PRIVATE KEY" rsa.pkcs1.key
for name in ecdsa rsa wrongname; do
    ossl verify -CAfile ca.pem "$name.pem"
done
ossl verify -CAfile otherca.pem unknownca.pem
if openssl verify -CAfile ca.pem unknownca.pem >/dev/null 2>&1; then
    echo "certs.sh: unknownca unexpectedly verifies against ca.pem" >&2
    exit 1
fi
if openssl verify -CAfile ca.pem expired.pem >/dev/null 2>&1; then
    echo "certs.sh: expired.pem unexpectedly verifies" >&2
    exit 1
fi
ossl verify -CAfile ca.pem -no_check_time expired.pem

# ---- chain3: a three-level PKI for chain building and policy tests (tests-c/test_certs.c,
# tests/cert_chain.rs). Everything ECDSA P-256 / SHA-256; keys PKCS#8; leaves valid from now for
# ten years unless said otherwise; issued by the intermediate with `openssl ca`.
#   chain3-root.pem, .key      root CA "SchShim Chain Root CA" (self-signed, NOT in ca.pem)
#   chain3-int.pem, .key       intermediate CA "SchShim Chain Intermediate CA" (pathlen 0)
#   chain3-leaf.pem, .key      CN localhost, SAN DNS:localhost + IP:127.0.0.1, serverAuth+clientAuth
#   chain3-leaf.sha1           the leaf's SHA-1 thumbprint, upper-case hex, no separators
#   chain3-leaf-chain.pem      leaf + intermediate (what a server sends)
#   chain3.p12                 leaf + key + intermediate + root, password "test", name chain3
#   for NAME in future ip wild client nosan (each NAME.pem, NAME.key, NAME-chain.pem = leaf + int):
#     chain3-future            valid 2099-01-01 .. 2100-01-01 (not yet valid)
#     chain3-ip                SAN IP:127.0.0.1 only (CN "SchShim IP leaf")
#     chain3-wild              SAN DNS:*.example.test (CN *.example.test)
#     chain3-client            EKU clientAuth only (SAN DNS:localhost)
#     chain3-nosan             no subjectAltName, CN localhost
#   chain3-self.pem, .key      self-signed leaf, CN localhost, SAN DNS:localhost, serverAuth
#   chain3-int.crl             DER CRL of the intermediate, current, revoking chain3-ip only
#   chain3-int-stale.crl       the same list, nextUpdate in 2021 (out of date)
#   chain3-root.crl            DER CRL of the root, current, empty
#   chain3-alt.pem, .key       every kind of subjectAltName CryptDecodeObjectEx returns, in this
#                              order: DNS:alt.example, IP:127.0.0.1, IP:::1,
#                              email:user@example.test, URI:https://example.test/x,
#                              RID:1.2.3.4, dirName (O=schannel-shim tests, CN=dir),
#                              otherName UPN (1.3.6.1.4.1.311.20.2.3) UTF8 "upn@example.test"
mkdir pki3 pki3/db pki3/newcerts
: >pki3/db/index.txt
openssl rand -hex 8 >pki3/db/serial
cat >pki3/ext.cnf <<'EXT3'
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[int_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[leaf]
keyUsage = critical, digitalSignature
subjectAltName = DNS:localhost, IP:127.0.0.1
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ip]
keyUsage = critical, digitalSignature
subjectAltName = IP:127.0.0.1
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[wild]
keyUsage = critical, digitalSignature
subjectAltName = DNS:*.example.test
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
keyUsage = critical, digitalSignature
subjectAltName = DNS:localhost
basicConstraints = critical, CA:FALSE
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[nosan]
keyUsage = critical, digitalSignature
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[alt]
keyUsage = critical, digitalSignature
subjectAltName = @alt_names
basicConstraints = critical, CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[alt_names]
DNS.1 = alt.example
IP.1 = 127.0.0.1
IP.2 = ::1
email.1 = user@example.test
URI.1 = https://example.test/x
RID.1 = 1.2.3.4
dirName.1 = alt_dir
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.test

[alt_dir]
O = schannel-shim tests
CN = dir

[self]
keyUsage = critical, digitalSignature, keyCertSign
subjectAltName = DNS:localhost
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
EXT3
cat >pki3/ca.cnf <<CNF3
[ca]
default_ca = int_ca

[int_ca]
dir = $WORK/pki3
database = \$dir/db/index.txt
serial = \$dir/db/serial
new_certs_dir = \$dir/newcerts
certificate = $WORK/chain3-int.pem
private_key = $WORK/chain3-int.key
default_md = sha256
default_days = 3650
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[policy_any]
organizationName = optional
commonName = supplied
CNF3

ec_key chain3-root.key
ossl req -new -x509 -key chain3-root.key -subj "/O=schannel-shim tests/CN=SchShim Chain Root CA" \
    -sha256 -days 3650 -set_serial "$(serial)" -config pki3/ext.cnf -extensions root_ext \
    -out chain3-root.pem
ec_key chain3-int.key
ossl req -new -key chain3-int.key -subj "/O=schannel-shim tests/CN=SchShim Chain Intermediate CA" \
    -out pki3/int.csr
ossl x509 -req -in pki3/int.csr -CA chain3-root.pem -CAkey chain3-root.key -set_serial "$(serial)" \
    -days 3650 -sha256 -extfile pki3/ext.cnf -extensions int_ext -out chain3-int.pem

# chain3_leaf NAME CN EXTSECTION [openssl ca options...]
chain3_leaf() {
    local name=$1 cn=$2 ext=$3
    shift 3
    ec_key "$name.key"
    ossl req -new -key "$name.key" -subj "/O=schannel-shim tests/CN=$cn" -out "pki3/$name.csr"
    ossl ca -batch -notext -config pki3/ca.cnf -in "pki3/$name.csr" -out "$name.pem" \
        -extfile pki3/ext.cnf -extensions "$ext" "$@"
    ossl pkey -in "$name.key" -out "$name.key.p8"
    mv "$name.key.p8" "$name.key"
    cat "$name.pem" chain3-int.pem >"$name-chain.pem"
}
chain3_leaf chain3-leaf localhost leaf
chain3_leaf chain3-future localhost leaf -startdate 20990101000000Z -enddate 21000101000000Z
chain3_leaf chain3-ip "SchShim IP leaf" ip
chain3_leaf chain3-wild "*.example.test" wild
chain3_leaf chain3-client localhost client
chain3_leaf chain3-nosan localhost nosan
chain3_leaf chain3-alt "SchShim alt names" alt
# CRLs: the intermediate revokes chain3-ip; the root's list (its own database) is empty.
ossl ca -batch -config pki3/ca.cnf -revoke chain3-ip.pem
ossl ca -batch -config pki3/ca.cnf -gencrl -crldays 3650 -out pki3/int.crl.pem
ossl crl -in pki3/int.crl.pem -outform DER -out chain3-int.crl
ossl ca -batch -config pki3/ca.cnf -gencrl -crl_lastupdate 20200101000000Z \
    -crl_nextupdate 20210101000000Z -out pki3/int-stale.crl.pem
ossl crl -in pki3/int-stale.crl.pem -outform DER -out chain3-int-stale.crl
mkdir pki3/rootdb
: >pki3/rootdb/index.txt
sed "s#\$dir/db#\$dir/rootdb#; s#chain3-int.pem#chain3-root.pem#; s#chain3-int.key#chain3-root.key#" \
    pki3/ca.cnf >pki3/root.cnf
ossl ca -batch -config pki3/root.cnf -gencrl -crldays 3650 -out pki3/root.crl.pem
ossl crl -in pki3/root.crl.pem -outform DER -out chain3-root.crl
cat chain3-int.pem chain3-root.pem >pki3/cas.pem
ossl pkcs12 -export -inkey chain3-leaf.key -in chain3-leaf.pem -certfile pki3/cas.pem \
    -name chain3 -passout pass:test -out chain3.p12
openssl x509 -in chain3-leaf.pem -noout -fingerprint -sha1 2>>"$LOG" </dev/null |
    sed 's/.*=//; s/://g' >chain3-leaf.sha1
grep -Eq '^[0-9A-F]{40}$' chain3-leaf.sha1

ec_key chain3-self.key
ossl pkey -in chain3-self.key -out chain3-self.key.p8
mv chain3-self.key.p8 chain3-self.key
ossl req -new -x509 -key chain3-self.key -subj "/O=schannel-shim tests/CN=localhost" -sha256 \
    -days 3650 -set_serial "$(serial)" -config pki3/ext.cnf -extensions self -out chain3-self.pem

# Sanity checks: the chains verify (the future one only when time is not checked).
for name in chain3-leaf chain3-ip chain3-wild chain3-client chain3-nosan chain3-alt; do
    ossl verify -CAfile chain3-root.pem -untrusted chain3-int.pem "$name.pem"
done
if openssl verify -CAfile chain3-root.pem -untrusted chain3-int.pem chain3-future.pem \
    >/dev/null 2>&1; then
    echo "certs.sh: chain3-future.pem unexpectedly verifies" >&2
    exit 1
fi
ossl verify -CAfile chain3-root.pem -untrusted chain3-int.pem -no_check_time chain3-future.pem
rm -rf pki3

rm -rf pki openssl.log
chmod 600 ./*.key ./*.p12
mv -f ./* "$OUT"/
date -u +%Y-%m-%dT%H:%M:%SZ >"$OUT/.done"
