#!/usr/bin/python3
"""Print N free TCP ports on 127.0.0.1, one per line (default N=1), for test servers.

Usage: free-port.py [N]

Why not just bind port 0: tests run in parallel, and a port the kernel hands out with bind(0) comes
from the ephemeral range, which is also where every outgoing connection (curl, libcurl, smtplib) takes
its local port; between "free" and the server's bind, a client may grab it. So ports are picked at
random *below* the ephemeral range (net.ipv4.ip_local_port_range), checked bindable, and recorded in
a shared reservation file for 10 minutes, so concurrent callers never get the same port twice.
MAILD_TEST_PORTS_FILE overrides the reservation file (default /tmp/maild-test-ports-UID).
"""
import fcntl
import os
import random
import socket
import sys
import time

RESERVE_SECONDS = 600
LOWEST = 20000


def port_range():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            ephemeral_low = int(f.read().split()[0])
    except OSError:
        ephemeral_low = 32768
    return LOWEST, max(ephemeral_low, LOWEST + 1000)


def bindable(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Like the servers (Dovecot, asyncio) do, so a port in TIME_WAIT counts as free; a listener
        # on the port still makes bind fail.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    path = os.environ.get("MAILD_TEST_PORTS_FILE", "/tmp/maild-test-ports-%d" % os.getuid())
    low, high = port_range()
    now = time.time()
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        reserved = {}
        for line in f:
            port, until = line.split()
            if float(until) > now:
                reserved[int(port)] = float(until)
        chosen = []
        for _ in range(100 * count):
            if len(chosen) == count:
                break
            port = random.randrange(low, high)
            if port not in reserved and port not in chosen and bindable(port):
                chosen.append(port)
        if len(chosen) < count:
            sys.exit("free-port.py: found only %d free ports in %d-%d" % (len(chosen), low, high - 1))
        for port in chosen:
            reserved[port] = now + RESERVE_SECONDS
        f.seek(0)
        f.truncate()
        f.writelines("%d %.0f\n" % item for item in sorted(reserved.items()))
    print("\n".join(map(str, chosen)))


if __name__ == "__main__":
    main()
