#!/usr/bin/env python3
"""A client that pipelines requests without reading the answers (CONTRACT 1, v1.1
back-pressure): prints how much the server's RSS grew meanwhile, then reads everything and
checks every answer arrived.

    pipeline_rss.py URL PID [requests] [path]
"""
import socket
import sys
import time
import urllib.parse


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    url = urllib.parse.urlparse(sys.argv[1])
    pid = int(sys.argv[2])
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    path = sys.argv[4] if len(sys.argv) > 4 else "/api/openapi.json"
    before = rss_kib(pid)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A small receive window: the kernel on our side holds little, as with a slow client.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.settimeout(60)
    sock.connect((url.hostname, url.port))
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    sock.sendall(request * requests)
    time.sleep(3)  # the server does what it will with a client that does not read
    peak = rss_kib(pid)
    print(f"{requests} pipelined GET {path}, client not reading for 3 s: "
          f"server RSS {before} KiB -> {peak} KiB (+{peak - before} KiB)")
    started = time.monotonic()
    received = b""
    answers = 0
    while answers < requests:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        received += chunk
        # Count complete answers by their status lines; keep only the unparsed tail.
        answers += received.count(b"HTTP/1.1 200 ")
        cut = received.rfind(b"HTTP/1.1 200 ")
        received = received[cut + 1:] if cut >= 0 else received
    print(f"then read: {answers} of {requests} answers in {time.monotonic() - started:.1f} s")
    return 0 if answers == requests else 1


if __name__ == "__main__":
    sys.exit(main())
