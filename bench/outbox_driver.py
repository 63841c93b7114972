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
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAILD, WORK, COUNT, IDLE_ITEMS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
DOVECOT_DIR = os.path.join(WORK, "dovecot")
TICKETS = 100
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
    """One connection to the control socket. Requests are pipelined: a thread writes them all while this one
    reads the answers. Writing a large chunk before reading any answer deadlocks: maild answers each request
    as it reads it, its answers fill the socket's buffer (about 160 of them in the default 208 KiB), its
    write blocks, it stops reading, and after its 10 s send timeout it closes the connection."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(SOCKET)
        self.reader = self.sock.makefile("rb")

    def many(self, requests, chunk=200):
        def write():
            for start in range(0, len(requests), chunk):
                self.sock.sendall(b"".join(json.dumps(r).encode() + b"\n" for r in requests[start:start + chunk]))

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers = []
        for _ in requests:
            line = self.reader.readline()
            answer = json.loads(line) if line else {"ok": False, "error": "connection closed"}
            if not answer.get("ok"):
                sys.exit("bench/outbox: maild refused a request: %s" % answer)
            answers.append(answer)
        writer.join()
        self.reader.close()
        self.sock.close()
        return answers


def reply(n, **timing):
    """The n-th reply of a phase, to ticket n % TICKETS + 1: replies are spread over TICKETS conversations, as
    a helpdesk's are. (All on one ticket, each enqueue would read a conversation of 10,000+ messages.)"""
    return dict(command="send", channel="support", ticket=n % TICKETS + 1, to=["Ann Lee <ann@customer.example.org>"],
                subject="Re: Where is my order?", text="It left our warehouse today.\n" * 40, actor="bench", **timing)


class Receiver:
    """The aiosmtpd receiver on one port; `fresh` restarts it on an empty directory. Each measured phase
    gets a fresh one: its cost per message grows with the files it has written (1,500 messages into a
    new directory: 1.4 ms of its CPU each; 3,000 more later: 2.1 ms), which would favour whoever goes first."""

    def __init__(self, port):
        self.port, self.dir = port, None

    def fresh(self, name):
        self.stop()
        self.dir = os.path.join(WORK, "smtp-" + name)
        script("smtp-receiver.sh", "start", self.dir, str(self.port))

    def stop(self):
        if self.dir:
            script("smtp-receiver.sh", "stop", self.dir)

    def messages(self):
        return os.path.join(self.dir, "messages")

    def received(self):
        """(Message-ID, received_at) of every message saved, in arrival order."""
        out = []
        for name in sorted(n for n in os.listdir(self.messages()) if n.endswith(".json")):
            with open(os.path.join(self.messages(), name)) as f:
                facts = json.load(f)
            with open(os.path.join(self.messages(), name[:-5] + ".eml"), "rb") as f:
                head = email.parser.BytesHeaderParser().parse(f)
            out.append((head["Message-ID"].strip("<> "), facts["received_at"]))
        return out

    def wait_for(self, count, timeout):
        """Polls 4 times a second: listing a directory of 20,000 files costs the shared CPU too."""
        deadline = time.time() + timeout
        while True:
            n = sum(1 for name in os.listdir(self.messages()) if name.endswith(".eml"))
            if n >= count:
                return
            if time.time() > deadline:
                sys.exit("bench/outbox: only %d of %d messages arrived within %d s; see %s" % (n, count, timeout, WORK))
            time.sleep(0.25)

    def cpu_seconds(self):
        with open(os.path.join(self.dir, "pid")) as f:
            return process_cpu_seconds(int(f.read()))


def process_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def iso(at):
    return datetime.datetime.fromtimestamp(at, datetime.timezone.utc).isoformat(timespec="milliseconds")


def write_config(smtp_port, imap_port):
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


def import_customers():
    """One customer message per ticket: tickets 1 to TICKETS."""
    folder = os.path.join(WORK, "customers")
    os.makedirs(folder)
    paths = []
    for n in range(1, TICKETS + 1):
        paths.append(os.path.join(folder, "%03d.eml" % n))
        with open(paths[-1], "wb") as f:
            f.write(b"From: Ann Lee <ann@customer.example.org>\r\nTo: support@example.com\r\n"
                    b"Subject: Where is my order %d?\r\nMessage-ID: <order-%d@customer.example.org>\r\n"
                    b"Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n\r\nWhere is it?\r\n" % (n, n))
    subprocess.run([MAILD, "import", "--config", CONFIG, "--channel", "support", *paths], check=True,
                   stdout=subprocess.DEVNULL)


def idle_minute(daemon):
    """maild's CPU seconds over 60 s, and its resident set (now, and at its highest) after them."""
    before = daemon.cpu_seconds()
    time.sleep(60)
    return daemon.cpu_seconds() - before, daemon.memory("VmRSS"), daemon.memory("VmHWM")


def main():
    smtp_port, imap_port, imaps_port = free_ports(3)
    receiver = Receiver(smtp_port)
    script("dovecot.sh", "start", DOVECOT_DIR, str(imap_port), str(imaps_port))
    write_config(smtp_port, imap_port)
    import_customers()
    daemon = Daemon()

    log("== drain: %d replies due at once" % COUNT)
    # Queued for tomorrow, then made due now while maild is stopped: the clock measures sending, not queueing.
    daemon.start()
    at = time.time()
    Control().many([reply(i, delay=86400) for i in range(COUNT)])
    log("   queued %d in %.1f s" % (COUNT, time.time() - at))
    daemon.stop()
    db = sqlite3.connect(DATABASE)
    db.execute("UPDATE outbox_item SET due_at = ? WHERE state = 'queued'", (time.time(),))
    db.commit()
    db.close()
    receiver.fresh("maild")
    receiver_cpu = receiver.cpu_seconds()
    started = time.time()
    daemon.start()
    receiver.wait_for(COUNT, 600)
    maild_drain = max(at for _, at in receiver.received()) - started
    maild_cpu, maild_receiver_cpu = daemon.cpu_seconds(), receiver.cpu_seconds() - receiver_cpu
    daemon.stop()

    log("== baseline: smtplib sends the same %d messages over one connection" % COUNT)
    messages = []
    for name in sorted(n for n in os.listdir(receiver.messages()) if n.endswith(".eml")):
        with open(os.path.join(receiver.messages(), name), "rb") as f:
            messages.append(f.read())
    receiver.fresh("smtplib")
    receiver_cpu, client_cpu = receiver.cpu_seconds(), time.process_time()
    started = time.time()
    with smtplib.SMTP("127.0.0.1", smtp_port) as client:
        for message in messages:
            client.sendmail("support@example.com", ["ann@customer.example.org"], message)
    receiver.wait_for(COUNT, 600)
    smtplib_drain = max(at for _, at in receiver.received()) - started
    smtplib_cpu, smtplib_receiver_cpu = time.process_time() - client_cpu, receiver.cpu_seconds() - receiver_cpu

    log("== lateness: 1,000 replies scheduled 20 ms apart")
    receiver.fresh("lateness")
    daemon.start()
    first = time.time() + 15
    due = {}
    answers = Control().many([reply(i, send_at=iso(first + i * 0.02)) for i in range(1000)])
    log("   queued 1000 in %.1f s" % (time.time() - first + 15))
    for i, answer in enumerate(answers):
        due[answer["item"]["message_id"]] = first + i * 0.02
    receiver.wait_for(1000, 120)
    lateness = sorted((at - due[mid]) * 1000 for mid, at in receiver.received() if mid in due)
    receiver.stop()

    log("== idle: %d replies scheduled next week, in the daemon that just sent the scheduled ones" % IDLE_ITEMS)
    week = time.time() + 7 * 86400
    at = time.time()
    Control().many([reply(i, send_at=iso(week + i)) for i in range(IDLE_ITEMS)], chunk=500)
    log("   queued %d in %.1f s" % (IDLE_ITEMS, time.time() - at))
    time.sleep(5)
    running = idle_minute(daemon)
    daemon.stop()
    log("== idle: the same after a restart (the schedule read from the database)")
    daemon.start()
    time.sleep(5)
    restarted = idle_minute(daemon)
    daemon.stop()

    p50 = statistics.median(lateness)
    p99 = lateness[int(len(lateness) * 0.99) - 1]   # nearest rank: the 990th of 1,000
    print("drain %d replies:   maild %.2f s (%.0f msg/s)   smtplib loop %.2f s (%.0f msg/s)"
          % (COUNT, maild_drain, COUNT / maild_drain, smtplib_drain, COUNT / smtplib_drain))
    print("  CPU during the drains: maild %.2f s (start included), receiver %.2f s   |   smtplib %.2f s, receiver %.2f s"
          % (maild_cpu, maild_receiver_cpu, smtplib_cpu, smtplib_receiver_cpu))
    print("lateness of 1,000 scheduled replies: p50 %.1f ms   p99 %.1f ms   max %.1f ms   (target p99 < 100 ms)"
          % (p50, p99, lateness[-1]))
    for label, (cpu, rss, hwm) in (("after queueing them", running), ("after a restart", restarted)):
        print("idle 60 s with %d scheduled, %s: %.3f s CPU   RSS %.1f MB (peak %.1f MB)   (targets < 0.1 s, < 64 MB)"
              % (IDLE_ITEMS, label, cpu, rss, hwm))
    print("ratio of drain times maild / smtplib: %.2f   (target <= 1.0)" % (maild_drain / smtplib_drain))


if __name__ == "__main__":
    main()
