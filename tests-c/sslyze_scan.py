#!/usr/bin/env python3
"""sslyze scans examples/server (run by CTest as `sslyze_scan`; needs the project venv's python,
where `make setup` installs sslyze).

    python tests-c/sslyze_scan.py SERVER

SERVER is the example_server executable; certificates come from $SCHSHIM_CERTS. The server is
started on a free 127.0.0.1 port twice, with the ecdsa identity (--pem ecdsa-chain.pem ecdsa.key)
and with the rsa identity (--cert rsa.p12), both versions enabled (its default), and scanned with
every sslyze check that needs no network beyond 127.0.0.1. The test fails unless:

- no vulnerability is reported: Heartbleed, OpenSSL CCS injection, ROBOT, TLS compression,
  insecure or client-initiated renegotiation, missing TLS_FALLBACK_SCSV, accepted 0-RTT;
- the protocols, cipher suites and groups accepted are exactly the README's: TLS 1.2 and 1.3
  (nothing from SSL 2.0, 3.0, TLS 1.0, 1.1), the AEAD ECDHE suites for the key type, and the
  groups X25519, P-256, P-384;
- extended master secret is supported on TLS 1.2.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

from sslyze import (
    ScanCommand,
    Scanner,
    ServerNetworkLocation,
    ServerScanRequest,
    ServerScanStatusEnum,
)
from sslyze.plugins.robot.implementation import RobotScanResultEnum

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
from free_port import free_port  # noqa: E402

TLS13_SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}


def tls12_suites(kind: str) -> set:
    return {
        f"TLS_ECDHE_{kind}_WITH_AES_128_GCM_SHA256",
        f"TLS_ECDHE_{kind}_WITH_AES_256_GCM_SHA384",
        f"TLS_ECDHE_{kind}_WITH_CHACHA20_POLY1305_SHA256",
    }


# sslyze (OpenSSL) names of X25519, P-256, P-384.
GROUPS = {"X25519", "secp256r1", "secp384r1"}

COMMANDS = {
    ScanCommand.SSL_2_0_CIPHER_SUITES,
    ScanCommand.SSL_3_0_CIPHER_SUITES,
    ScanCommand.TLS_1_0_CIPHER_SUITES,
    ScanCommand.TLS_1_1_CIPHER_SUITES,
    ScanCommand.TLS_1_2_CIPHER_SUITES,
    ScanCommand.TLS_1_3_CIPHER_SUITES,
    ScanCommand.ELLIPTIC_CURVES,
    ScanCommand.HEARTBLEED,
    ScanCommand.OPENSSL_CCS_INJECTION,
    ScanCommand.ROBOT,
    ScanCommand.TLS_COMPRESSION,
    ScanCommand.SESSION_RENEGOTIATION,
    ScanCommand.TLS_FALLBACK_SCSV,
    ScanCommand.TLS_1_3_EARLY_DATA,
    ScanCommand.TLS_EXTENDED_MASTER_SECRET,
}

failures = []


def check(ok: bool, what: str) -> None:
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def wait_listen(port: int, proc: subprocess.Popen) -> None:
    r = subprocess.run(
        [sys.executable, str(SCRIPTS / "wait_listen.py"), str(port), "10", str(proc.pid)]
    )
    if r.returncode != 0:
        raise SystemExit(f"server did not listen on {port}")


def scan(server: str, certs: Path, label: str, identity: list, kind: str) -> None:
    port = free_port()
    log = open(f"sslyze_server_{label}.log", "w")
    proc = subprocess.Popen([server, str(port), *identity, "--quiet"], stdout=log, stderr=log)
    try:
        wait_listen(port, proc)
        loc = ServerNetworkLocation("localhost", port, ip_address="127.0.0.1")
        scanner = Scanner()
        scanner.queue_scans([ServerScanRequest(server_location=loc, scan_commands=COMMANDS)])
        results = list(scanner.get_results())
    finally:
        proc.kill()
        proc.wait()
        log.close()
    assert len(results) == 1
    r = results[0]
    check(r.scan_status == ServerScanStatusEnum.COMPLETED, f"{label}: scan completed")
    if r.scan_status != ServerScanStatusEnum.COMPLETED:
        print(r.connectivity_error_trace)
        return
    res = r.scan_result
    for name in COMMANDS:
        attempt = getattr(res, name.value)
        check(attempt.error_reason is None, f"{label}: {name.value} ran ({attempt.error_reason})")
        if attempt.error_trace is not None:
            print("".join(attempt.error_trace.format()))

    def accepted(cmd):
        a = getattr(res, cmd.value)
        return {s.cipher_suite.name for s in a.result.accepted_cipher_suites} if a.result else None

    for cmd in (
        ScanCommand.SSL_2_0_CIPHER_SUITES,
        ScanCommand.SSL_3_0_CIPHER_SUITES,
        ScanCommand.TLS_1_0_CIPHER_SUITES,
        ScanCommand.TLS_1_1_CIPHER_SUITES,
    ):
        got = accepted(cmd)
        check(got == set(), f"{label}: {cmd.value} accepts nothing (got {sorted(got or [])})")
    got12 = accepted(ScanCommand.TLS_1_2_CIPHER_SUITES)
    want12 = tls12_suites(kind)
    check(got12 == want12, f"{label}: TLS 1.2 suites {sorted(got12 or [])} == {sorted(want12)}")
    got13 = accepted(ScanCommand.TLS_1_3_CIPHER_SUITES)
    check(got13 == TLS13_SUITES, f"{label}: TLS 1.3 suites {sorted(got13 or [])} == {sorted(TLS13_SUITES)}")

    def result(cmd):
        return getattr(res, cmd.value).result

    curves = result(ScanCommand.ELLIPTIC_CURVES)
    names = {c.name for c in curves.supported_curves or []} if curves else None
    check(names == GROUPS, f"{label}: groups {sorted(names or [])} == {sorted(GROUPS)}")
    hb = result(ScanCommand.HEARTBLEED)
    check(hb is not None and not hb.is_vulnerable_to_heartbleed, f"{label}: not vulnerable to Heartbleed")
    ccs = result(ScanCommand.OPENSSL_CCS_INJECTION)
    check(ccs is not None and not ccs.is_vulnerable_to_ccs_injection, f"{label}: not vulnerable to CCS injection")
    robot = result(ScanCommand.ROBOT)
    check(
        robot is not None
        and robot.robot_result
        in (RobotScanResultEnum.NOT_VULNERABLE_NO_ORACLE, RobotScanResultEnum.NOT_VULNERABLE_RSA_NOT_SUPPORTED),
        f"{label}: ROBOT {robot.robot_result if robot else None}",
    )
    comp = result(ScanCommand.TLS_COMPRESSION)
    check(comp is not None and not comp.supports_compression, f"{label}: no TLS compression")
    reneg = result(ScanCommand.SESSION_RENEGOTIATION)
    check(reneg is not None and reneg.supports_secure_renegotiation, f"{label}: secure renegotiation indication (RFC 5746)")
    check(
        reneg is not None and not reneg.is_vulnerable_to_client_renegotiation_dos,
        f"{label}: client-initiated renegotiation refused",
    )
    scsv = result(ScanCommand.TLS_FALLBACK_SCSV)
    check(scsv is not None and scsv.supports_fallback_scsv, f"{label}: TLS_FALLBACK_SCSV honoured (RFC 7507)")
    early = result(ScanCommand.TLS_1_3_EARLY_DATA)
    check(early is not None and not early.supports_early_data, f"{label}: no 0-RTT accepted")
    ems = result(ScanCommand.TLS_EXTENDED_MASTER_SECRET)
    check(ems is not None and ems.supports_ems_extension, f"{label}: extended master secret")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    server = sys.argv[1]
    certs = Path(os.environ.get("SCHSHIM_CERTS", "target/test-pki"))
    started = time.monotonic()
    scan(server, certs, "ecdsa", ["--pem", str(certs / "ecdsa-chain.pem"), str(certs / "ecdsa.key")], "ECDSA")
    scan(server, certs, "rsa", ["--cert", str(certs / "rsa.p12"), "--password", "test"], "RSA")
    print(f"sslyze_scan: {len(failures)} failed, {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
