#!/usr/bin/python3
"""IMAP clients for bench/ingest; standard library only, plain IMAP on 127.0.0.1 as test/secret.

  ingest_imaplib.py prime PORT COUNT
      SELECT INBOX once, so Dovecot has indexed the delivered files (and moved them to cur/) before
      the snapshot every run starts from; fails unless INBOX holds COUNT unseen messages.
  ingest_imaplib.py fetch PORT COUNT [--batch 500]
      The floor: UID FETCH a:b BODY.PEEK[] over every message, doing nothing with the bytes.
  ingest_imaplib.py maild PORT COUNT --maild BIN --config FILE --pidfile FILE --timeout S --log FILE
      Starts `maild run`, polls STATUS INBOX (UNSEEN) every 100 ms until it is 0, reads maild's peak
      RSS and CPU time, stops it with SIGTERM, then checks `maild export messages` has COUNT lines.

Each prints one line `RESULT key=value ...` on stdout; progress and errors go to stderr.
"""
import argparse
import imaplib
import os
import re
import signal
import subprocess
import sys
import time

HOST, USER, PASSWORD = "127.0.0.1", "test", "secret"


def connect(port):
    imap = imaplib.IMAP4(HOST, port, timeout=60)
    imap.login(USER, PASSWORD)
    return imap


def check(typ, data, what):
    if typ != "OK":
        sys.exit("ingest_imaplib: %s failed: %s %r" % (what, typ, data))
    return data


def unseen(imap):
    data = check(*imap.status("INBOX", "(MESSAGES UNSEEN)"), "STATUS INBOX")
    # b'"INBOX" (MESSAGES 10000 UNSEEN 0)'
    items = dict(re.findall(r"([A-Z]+) (\d+)", data[0].decode()))
    return int(items["MESSAGES"]), int(items["UNSEEN"])


def prime(args):
    imap = connect(args.port)
    # Read-write SELECT: Dovecot moves the files from new/ to cur/ now, as part of delivery, not of a run.
    check(*imap.select("INBOX"), "SELECT INBOX")
    messages, count = unseen(imap)
    imap.logout()
    if messages != args.count or count != args.count:
        sys.exit("ingest_imaplib: INBOX holds %d messages, %d unseen; expected %d unseen"
                 % (messages, count, args.count))
    print("RESULT messages=%d" % messages)


def fetch(args):
    started = time.monotonic()
    imap = connect(args.port)
    # EXAMINE: read-only, so nothing this client does can change the state the next run sees.
    check(*imap.select("INBOX", readonly=True), "EXAMINE INBOX")
    uids = [int(u) for u in check(*imap.uid("SEARCH", None, "ALL"), "UID SEARCH")[0].split()]
    messages = octets = 0
    for i in range(0, len(uids), args.batch):
        batch = uids[i:i + args.batch]
        data = check(*imap.uid("FETCH", "%d:%d" % (batch[0], batch[-1]), "(BODY.PEEK[])"), "UID FETCH")
        for item in data:
            # Each message arrives as (b'1 (UID 1 BODY[] {1234}', b'<literal>'); the b')' items close them.
            if isinstance(item, tuple):
                messages += 1
                octets += len(item[1])
    imap.logout()
    seconds = time.monotonic() - started
    if messages != args.count:
        sys.exit("ingest_imaplib: fetched %d messages, expected %d" % (messages, args.count))
    print("RESULT seconds=%.3f messages=%d bytes=%d" % (seconds, messages, octets))


def proc_status(pid):
    """Peak RSS in MB (VmHWM) and CPU seconds (utime + stime) of a live process."""
    hwm_kb = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm_kb = int(line.split()[1])
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return hwm_kb / 1024, (int(fields[11]) + int(fields[12])) / ticks


def maild(args):
    monitor = connect(args.port)
    _, count = unseen(monitor)
    if count != args.count:
        sys.exit("ingest_imaplib: INBOX has %d unseen before maild starts, expected %d" % (count, args.count))
    log = open(args.log, "ab")
    started = time.monotonic()
    proc = subprocess.Popen([args.maild, "run", "--config", args.config], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=log)
    with open(args.pidfile, "w") as f:
        f.write("%d\n" % proc.pid)
    deadline = started + args.timeout
    last_report = started
    try:
        while True:
            if proc.poll() is not None:
                sys.exit("ingest_imaplib: maild exited with status %d before finishing (log: %s)"
                         % (proc.returncode, args.log))
            _, count = unseen(monitor)
            now = time.monotonic()
            if count == 0:
                seconds = now - started
                break
            if now > deadline:
                sys.exit("ingest_imaplib: %d messages still unseen after %d s (log: %s)"
                         % (count, args.timeout, args.log))
            if now - last_report >= 10:
                print("  maild: %d of %d done after %.0f s" % (args.count - count, args.count, now - started),
                      file=sys.stderr)
                last_report = now
            time.sleep(0.1)
        rss_mb, cpu = proc_status(proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                print("ingest_imaplib: maild ignored SIGTERM for 15 s; killed", file=sys.stderr)
                proc.kill()
                proc.wait()
        # Reaped: its pid may be reused now, so bench/ingest's cleanup must not signal it any more.
        os.unlink(args.pidfile)
        monitor.logout()
    lines = 0
    export = subprocess.Popen([args.maild, "export", "messages", "--config", args.config],
                              stdout=subprocess.PIPE, stderr=log)
    for chunk in iter(lambda: export.stdout.read(1 << 20), b""):
        lines += chunk.count(b"\n")
    if export.wait() != 0:
        sys.exit("ingest_imaplib: maild export failed with status %d (log: %s)" % (export.returncode, args.log))
    if lines != args.count:
        sys.exit("ingest_imaplib: INBOX is all seen but export has %d messages, expected %d" % (lines, args.count))
    print("RESULT seconds=%.3f rss_mb=%.1f cpu=%.2f exit=%d lines=%d"
          % (seconds, rss_mb, cpu, proc.returncode, lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("prime", "fetch", "maild"):
        p = sub.add_parser(name)
        p.add_argument("port", type=int)
        p.add_argument("count", type=int)
    sub.choices["fetch"].add_argument("--batch", type=int, default=500)
    m = sub.choices["maild"]
    for option in ("--maild", "--config", "--pidfile", "--log"):
        m.add_argument(option, required=True)
    m.add_argument("--timeout", type=int, required=True)
    args = ap.parse_args()
    {"prime": prime, "fetch": fetch, "maild": maild}[args.command](args)


if __name__ == "__main__":
    main()
