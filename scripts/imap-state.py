#!/usr/bin/env python3
"""Prints INBOX's state as JSON, for tests: {"uidvalidity", "total", "unseen": [uids], "digests": [sha256 hex]}.

Usage: imap-state.py PORT [USER PASSWORD] [--mark-seen UID,...] [--mark-unseen UID,...] [--digests]
--digests: SHA-256 of every message as the server sends it (BODY.PEEK[], so nothing becomes seen).
Plain IMAP on 127.0.0.1 (the test Dovecot allows it); uses imaplib, not maild, so it checks maild independently.
"""
import hashlib, imaplib, json, sys

args = sys.argv[1:]
port = int(args.pop(0))
user, password = ("test", "secret")
if len(args) >= 2 and not args[0].startswith("--"):
    user, password = args.pop(0), args.pop(0)
imap = imaplib.IMAP4("127.0.0.1", port)
imap.login(user, password)
typ, data = imap.select("INBOX")
digests = "--digests" in args
if digests:
    args.remove("--digests")
while args:
    flag, uids = args.pop(0), args.pop(0)
    op = "+FLAGS" if flag == "--mark-seen" else "-FLAGS"
    imap.uid("STORE", uids, op, "(\\Seen)")
validity = int(imap.response("UIDVALIDITY")[1][0])
typ, all_uids = imap.uid("SEARCH", None, "ALL")
typ, unseen = imap.uid("SEARCH", None, "UNSEEN")
state = {
    "uidvalidity": validity,
    "total": len(all_uids[0].split()),
    "unseen": [int(u) for u in unseen[0].split()],
}
if digests and all_uids[0]:
    typ, data = imap.uid("FETCH", b",".join(all_uids[0].split()).decode(), "(BODY.PEEK[])")
    state["digests"] = [hashlib.sha256(part[1]).hexdigest() for part in data if isinstance(part, tuple)]
print(json.dumps(state))
imap.logout()
