#!/usr/bin/env python3
"""Prints a free TCP port on 127.0.0.1 (for tests and `make demo`).

The kernel picks an unused ephemeral port; it is released again before this exits, so
another process could in principle take it first: callers that fail to bind may retry.
"""
import socket
import sys


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    print(free_port(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"))
