#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that breaks one TLS record, for the alert interop tests.

    corrupt_proxy.py LISTEN_PORT TARGET_PORT DIRECTION [SECONDS]

Accepts one connection on LISTEN_PORT, connects to TARGET_PORT and relays both ways, record by
record. DIRECTION is `to-client` or `to-server`; one record of content type 23 going that way has
its last byte flipped, so its authentication fails: to the server, the client's first (its TLS
1.3 Finished, or its first TLS 1.2 application data); to the client, the first after the client
has sent one (a TLS 1.3 NewSessionTicket, or the TLS 1.2 response). Everything else passes
unchanged. Stops after SECONDS (default 20) or when both sides have closed.
"""
import socket
import sys
import threading
import time


class Relay:
    def __init__(self, direction: str):
        self.direction = direction
        self.other_protected = threading.Event()
        self.corrupted = False
        self.lock = threading.Lock()

    def pump(self, src: socket.socket, dst: socket.socket, name: str) -> None:
        """Copies whole records from src to dst; `name` is the direction of this pump."""
        buf = b""
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                buf += data
                out = b""
                while len(buf) >= 5:
                    length = int.from_bytes(buf[3:5], "big")
                    if len(buf) < 5 + length:
                        break
                    record, buf = buf[: 5 + length], buf[5 + length :]
                    record = self.inspect(record, name)
                    out += record
                if out:
                    dst.sendall(out)
            if buf:
                dst.sendall(buf)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def inspect(self, record: bytes, name: str) -> bytes:
        if record[0] != 23:
            return record
        if name != self.direction:
            self.other_protected.set()
            return record
        with self.lock:
            waits = self.direction == "to-client" and not self.other_protected.is_set()
            if self.corrupted or waits:
                return record
            self.corrupted = True
        print(f"corrupt_proxy: flipped the last byte of a {len(record)}-byte record {name}",
              file=sys.stderr, flush=True)
        return record[:-1] + bytes([record[-1] ^ 0x01])


def main() -> int:
    listen_port, target_port, direction = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
    if direction not in ("to-client", "to-server"):
        print("direction: to-client or to-server", file=sys.stderr)
        return 2
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(1)
    server.settimeout(seconds)
    deadline = time.monotonic() + seconds
    try:
        client, _ = server.accept()
    except socket.timeout:
        return 1
    upstream = socket.create_connection(("127.0.0.1", target_port), timeout=seconds)
    client.settimeout(None)
    upstream.settimeout(None)
    relay = Relay(direction)
    threads = [
        threading.Thread(target=relay.pump, args=(client, upstream, "to-server"), daemon=True),
        threading.Thread(target=relay.pump, args=(upstream, client, "to-client"), daemon=True),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    client.close()
    upstream.close()
    return 0 if relay.corrupted else 1


if __name__ == "__main__":
    sys.exit(main())
