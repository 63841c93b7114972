#!/usr/bin/python3
"""Deliver message files into a Maildir the way an MDA does; used by `dovecot.sh deliver`.

Usage: maildir_deliver.py MAILDIR UID GID SOURCE...
SOURCE is a message file, or a directory meaning every regular, non-hidden file in it, in name order.
Prints the path of each delivered file in MAILDIR/new, one per line.

One process for all files: 10,000 messages take well under a second this way, where one `mv` or
`cp` per message costs a fork each.
"""
import os
import socket
import sys
import time


def sources(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                path = os.path.join(arg, name)
                if not name.startswith(".") and os.path.isfile(path):
                    yield path
        else:
            yield arg


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__.split("\n\n")[1])
    maildir, uid, gid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    chown = os.getuid() == 0
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072")
    pid = os.getpid()
    files = list(sources(sys.argv[4:]))
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        # Checked up front so a typo delivers nothing rather than half the messages.
        sys.exit("maildir_deliver.py: not a file: " + ", ".join(missing))
    last = 0
    out = []
    for seq, src in enumerate(files):
        with open(src, "rb") as f:
            data = f.read()
        # Dovecot gives new/ files their UIDs sorted by the time in the name (seconds, then the
        # M<usec> part), so a strictly increasing timestamp makes UID order equal argument order.
        stamp = max(time.time_ns() // 1000, last + 1)
        last = stamp
        # Maildir unique name: <sec>.M<usec>P<pid>Q<n>.<host> (cr.yp.to/proto/maildir.html, Dovecot style).
        name = f"{stamp // 1_000_000}.M{stamp % 1_000_000}P{pid}Q{seq}.{host}"
        tmp = os.path.join(maildir, "tmp", name)
        # Write into tmp/ and rename into new/: a reader never sees a half-written message.
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(data)
            if chown:
                # Dovecot serves mail as an unprivileged user (it refuses uid 0), who must own the file.
                os.fchown(f.fileno(), uid, gid)
        dest = os.path.join(maildir, "new", name)
        os.rename(tmp, dest)
        out.append(dest)
    if out:
        sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
