#!/usr/bin/env python3
"""Prints INBOX's state as JSON, for tests: {"uidvalidity", "total", "unseen": [uids]}.

Usage: imap-state.py PORT [USER PASSWORD] [--mark-seen UID,...] [--mark-unseen UID,...]
Plain IMAP on 127.0.0.1 (the test Dovecot allows it); uses imaplib, not maild, so it checks maild independently.
"""
import imaplib, json, sys

args = sys.argv[1:]
port = int(args.pop(0))
user, password = ("test", "secret")
if len(args) >= 2 and not args[0].startswith("--"):
    user, password = args.pop(0), args.pop(0)
imap = imaplib.IMAP4("127.0.0.1", port)
imap.login(user, password)
typ, data = imap.select("INBOX")
while args:
    flag, uids = args.pop(0), args.pop(0)
    op = "+FLAGS" if flag == "--mark-seen" else "-FLAGS"
    imap.uid("STORE", uids, op, "(\\Seen)")
validity = int(imap.response("UIDVALIDITY")[1][0])
typ, all_uids = imap.uid("SEARCH", None, "ALL")
typ, unseen = imap.uid("SEARCH", None, "UNSEEN")
print(json.dumps({
    "uidvalidity": validity,
    "total": len(all_uids[0].split()),
    "unseen": [int(u) for u in unseen[0].split()],
}))
imap.logout()
