#!/usr/bin/env python3
"""Waits until something LISTENs on a TCP port of this machine, without connecting to it.

    scripts/wait_listen.py PORT [TIMEOUT_SECONDS] [PID]

Reads /proc/net/tcp and /proc/net/tcp6, so a server that handles a single connection is
not disturbed by a probe connection. Exits 0 once the port listens; 1 on timeout or when
PID (optional: the server's process id) has exited before listening.
"""
import os
import sys
import time

LISTEN = "0A"


def listening(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f, None)
                for line in f:
                    fields = line.split()
                    if len(fields) < 4:
                        continue
                    local, state = fields[1], fields[3]
                    if state == LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                        return True
        except FileNotFoundError:
            continue
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main() -> int:
    if not 2 <= len(sys.argv) <= 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    port = int(sys.argv[1])
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if listening(port):
            return 0
        if pid is not None and not alive(pid):
            print(f"wait_listen: process {pid} exited before listening on {port}", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print(f"wait_listen: nothing listens on port {port} after {timeout:g}s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
