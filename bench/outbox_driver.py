#!/usr/bin/python3
"""bench/outbox's measurements; run by bench/outbox after the build: outbox_driver.py MAILD WORK COUNT IDLE_ITEMS.

Everything talks to 127.0.0.1: a private Dovecot (the channel's IMAP side, idle here), an aiosmtpd
receiver, and maild's control socket (newline-delimited JSON, docs/control-protocol.md).
"""
import datetime
import email.parser
import json
import os
import smtplib
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAILD, WORK, COUNT, IDLE_ITEMS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SMTP_DIR, DOVECOT_DIR = os.path.join(WORK, "smtp"), os.path.join(WORK, "dovecot")
SOCKET, CONFIG, DATABASE = os.path.join(WORK, "control.sock"), os.path.join(WORK, "maild.yaml"), os.path.join(WORK, "maild.sqlite")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_ports(n):
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts/free-port.py"), str(n)],
                         check=True, capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def script(name, *args):
    subprocess.run([os.path.join(ROOT, "scripts", name), *args], check=True, stdout=subprocess.DEVNULL)


class Daemon:
    def __init__(self):
        self.process = None

    def start(self):
        self.log = open(os.path.join(WORK, "maild.log"), "ab")
        self.process = subprocess.Popen([MAILD, "run", "--config", CONFIG], stdout=self.log, stderr=self.log)
        with open(os.path.join(WORK, "maild.pid"), "w") as f:
            f.write(str(self.process.pid))
        deadline = time.time() + 30
        while not os.path.exists(SOCKET):
            if self.process.poll() is not None or time.time() > deadline:
                sys.exit("bench/outbox: maild did not start; see %s/maild.log" % WORK)
            time.sleep(0.01)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.process.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory(self, key):
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0


class Control:
    """One connection to the control socket; requests are pipelined in chunks for speed."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(SOCKET)
        self.reader = self.sock.makefile("rb")

    def many(self, requests, chunk=200):
        answers = []
        for start in range(0, len(requests), chunk):
            part = requests[start:start + chunk]
            self.sock.sendall(b"".join(json.dumps(r).encode() + b"\n" for r in part))
            for _ in part:
                answer = json.loads(self.reader.readline())
                if not answer.get("ok"):
                    sys.exit("bench/outbox: maild refused a request: %s" % answer)
                answers.append(answer)
        return answers


def reply(ticket, **timing):
    return dict(command="send", channel="support", ticket=ticket, to=["Ann Lee <ann@customer.example.org>"],
                subject="Re: Where is my order?", text="It left our warehouse today.\n" * 40, actor="bench", **timing)


def received():
    """(Message-ID, received_at) of every message the receiver saved, in arrival order."""
    folder = os.path.join(SMTP_DIR, "messages")
    out = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".json")):
        with open(os.path.join(folder, name)) as f:
            facts = json.load(f)
        with open(os.path.join(folder, name[:-5] + ".eml"), "rb") as f:
            head = email.parser.BytesHeaderParser().parse(f)
        out.append((head["Message-ID"].strip("<> "), facts["received_at"]))
    return out


def wait_for(count, timeout):
    folder = os.path.join(SMTP_DIR, "messages")
    deadline = time.time() + timeout
    while True:
        n = sum(1 for name in os.listdir(folder) if name.endswith(".eml"))
        if n >= count:
            return
        if time.time() > deadline:
            sys.exit("bench/outbox: only %d of %d messages arrived within %d s; see %s" % (n, count, timeout, WORK))
        time.sleep(0.05)


def clear_receiver():
    folder = os.path.join(SMTP_DIR, "messages")
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))


def iso(at):
    return datetime.datetime.fromtimestamp(at, datetime.timezone.utc).isoformat(timespec="milliseconds")


def main():
    smtp_port, imap_port, imaps_port = free_ports(3)
    script("smtp-receiver.sh", "start", SMTP_DIR, str(smtp_port))
    script("dovecot.sh", "start", DOVECOT_DIR, str(imap_port), str(imaps_port))
    with open(os.path.join(WORK, "imap-password"), "w") as f:
        f.write("secret\n")
    with open(CONFIG, "w") as f:
        f.write(f"""database: {DATABASE}
control_socket: {SOCKET}
log_level: notice
channels:
  - name: support
    address: support@example.com
    poll_interval: 1h
    imap:
      url: imap://127.0.0.1:{imap_port}
      username: test
      password_file: {WORK}/imap-password
      allow_insecure: true
    smtp:
      url: smtp://127.0.0.1:{smtp_port}
      allow_insecure: true
    send_delay: 0
""")
    customer = os.path.join(WORK, "customer.eml")
    with open(customer, "wb") as f:
        f.write(b"From: Ann Lee <ann@customer.example.org>\r\nTo: support@example.com\r\nSubject: Where is my order?\r\n"
                b"Message-ID: <order-1@customer.example.org>\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n\r\nWhere is it?\r\n")
    subprocess.run([MAILD, "import", "--config", CONFIG, "--channel", "support", customer], check=True,
                   stdout=subprocess.DEVNULL)
    daemon = Daemon()

    log("== drain: %d replies due at once" % COUNT)
    daemon.start()
    Control().many([reply(1, delay=86400) for _ in range(COUNT)])
    daemon.stop()
    db = sqlite3.connect(DATABASE)
    start = time.time()
    db.execute("UPDATE outbox_item SET due_at = ? WHERE state = 'queued'", (start,))
    db.commit()
    db.close()
    started = time.time()
    daemon.start()
    wait_for(COUNT, 600)
    maild_drain = max(at for _, at in received()) - started
    daemon.stop()

    log("== baseline: smtplib sends the same %d messages over one connection" % COUNT)
    folder = os.path.join(SMTP_DIR, "messages")
    messages = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
        with open(os.path.join(folder, name), "rb") as f:
            messages.append(f.read())
    clear_receiver()
    started = time.time()
    with smtplib.SMTP("127.0.0.1", smtp_port) as client:
        for message in messages:
            client.sendmail("support@example.com", ["ann@customer.example.org"], message)
    wait_for(COUNT, 600)
    smtplib_drain = max(at for _, at in received()) - started
    clear_receiver()

    log("== lateness: 1,000 replies scheduled 20 ms apart")
    daemon.start()
    first = time.time() + 15
    due = {}
    answers = Control().many([reply(1, send_at=iso(first + i * 0.02)) for i in range(1000)])
    for i, answer in enumerate(answers):
        due[answer["item"]["message_id"]] = first + i * 0.02
    wait_for(1000, 120)
    lateness = sorted((at - due[mid]) * 1000 for mid, at in received() if mid in due)
    clear_receiver()

    log("== idle: %d replies scheduled next week" % IDLE_ITEMS)
    week = time.time() + 7 * 86400
    Control().many([reply(1, send_at=iso(week + i)) for i in range(IDLE_ITEMS)], chunk=500)
    rss_after_queueing = daemon.memory("VmRSS")
    daemon.stop()
    daemon.start()   # the schedule now comes from the database, as after any restart
    time.sleep(5)
    cpu_before = daemon.cpu_seconds()
    time.sleep(60)
    idle_cpu = daemon.cpu_seconds() - cpu_before
    rss_loaded, hwm_loaded = daemon.memory("VmRSS"), daemon.memory("VmHWM")
    daemon.stop()

    p50 = statistics.median(lateness)
    p99 = lateness[int(len(lateness) * 0.99) - 1]
    print("drain %d replies:   maild %.2f s (%.0f msg/s)   smtplib loop %.2f s (%.0f msg/s)"
          % (COUNT, maild_drain, COUNT / maild_drain, smtplib_drain, COUNT / smtplib_drain))
    print("lateness of 1,000 scheduled replies: p50 %.1f ms   p99 %.1f ms   max %.1f ms   (target p99 < 100 ms)"
          % (p50, p99, lateness[-1]))
    print("idle 60 s with %d scheduled: %.3f s CPU   RSS %.1f MB (peak %.1f MB; %.1f MB right after queueing them)"
          "   (targets < 0.1 s, < 64 MB)" % (IDLE_ITEMS, idle_cpu, rss_loaded, hwm_loaded, rss_after_queueing))
    print("ratio of drain times maild / smtplib: %.2f   (target <= 1.0)" % (maild_drain / smtplib_drain))


if __name__ == "__main__":
    main()
