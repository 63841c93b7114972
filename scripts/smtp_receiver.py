#!/usr/bin/python3
"""A real SMTP server for maild's tests, on Debian's aiosmtpd; started by smtp-receiver.sh.

Usage: smtp_receiver.py DIR PORT   (listens on 127.0.0.1:PORT until SIGTERM)

Each accepted message becomes DIR/messages/NAME.eml (the DATA bytes exactly as received, after
dot-unstuffing) plus DIR/messages/NAME.json (envelope and session facts). The .json is renamed into
place before the .eml, so once an .eml is visible its .json is too. NAMEs sort in arrival order.
Every RCPT rejection and every DATA reply is also appended to DIR/transactions.jsonl, so tests can
count delivery attempts, including the refused ones.

DIR/mode is read on every RCPT and DATA, so a test steers the server without restarting it:
  ok (or no file)        accept everything
  451                    "451 4.3.0" at the end of DATA, every time
  451-once               451 for the next message, then the file is rewritten to "ok"
  550                    "550 5.7.1" at the end of DATA, every time
  550-rcpt:ADDR[,ADDR]   "550 5.1.1" at RCPT for these recipients (case-insensitive), others accepted
  slow-once:SECONDS      save the next message, then wait SECONDS before "250"; the file becomes "ok"
                         (a client killed meanwhile never learns its message was taken)
  hold-once              save the next message, then hold back its "250" until DIR/release exists (the
                         receiver deletes it); the file becomes "ok" (a send that hangs as long as a test wants)
  drop-once              save the next message, then reset the connection instead of replying; the file
                         becomes "ok" (the client cannot know whether its message was taken)
STARTTLS is offered with DIR/cert.pem (clients trust DIR/ca.pem). AUTH PLAIN and LOGIN are offered
with and without TLS; `test` / `secret` succeeds, anything else gets 535. AUTH is optional.
"""
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

log = logging.getLogger("smtp_receiver")


class Receiver:
    """aiosmtpd handler: the RCPT and DATA hooks."""

    def __init__(self, directory):
        self.dir = directory
        self.messages = os.path.join(directory, "messages")
        self.tmp = os.path.join(directory, "tmp")
        self.seq = 0

    def mode(self):
        try:
            with open(os.path.join(self.dir, "mode")) as f:
                return f.read().strip() or "ok"
        except FileNotFoundError:
            return "ok"

    def set_mode(self, mode):
        path = os.path.join(self.dir, "mode")
        with open(path + ".tmp", "w") as f:
            f.write(mode + "\n")
        os.rename(path + ".tmp", path)

    def record(self, entry):
        entry["at"] = time.time()
        with open(os.path.join(self.dir, "transactions.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        mode = self.mode()
        if mode.startswith("550-rcpt:"):
            rejected = {a.strip().lower() for a in mode[len("550-rcpt:"):].split(",")}
            if address.lower() in rejected:
                reply = "550 5.1.1 <%s>: recipient rejected (test mode)" % address
                self.record({"stage": "RCPT", "address": address, "reply": reply})
                return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        facts = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "rcpt_options": envelope.rcpt_options,
            "helo": session.host_name,
            "tls": session.ssl is not None,
            "auth_user": session.auth_data.login.decode() if session.authenticated else None,
            "size": len(envelope.original_content),
        }
        if mode in ("451", "451-once"):
            if mode == "451-once":
                self.set_mode("ok")
            reply = "451 4.3.0 Temporary failure (test mode %s)" % mode
        elif mode == "550":
            reply = "550 5.7.1 Message rejected (test mode)"
        elif mode.startswith("slow-once:"):
            self.set_mode("ok")
            name = self.save(facts, envelope.original_content)
            facts["file"] = name + ".eml"
            await asyncio.sleep(float(mode[len("slow-once:"):]))
            reply = "250 2.0.0 OK saved " + name + " (slowly)"
        elif mode == "hold-once":
            self.set_mode("ok")
            name = self.save(facts, envelope.original_content)
            facts["file"] = name + ".eml"
            release = os.path.join(self.dir, "release")
            while not os.path.exists(release):
                await asyncio.sleep(0.05)
            os.remove(release)
            reply = "250 2.0.0 OK saved " + name + " (held)"
        elif mode == "drop-once":
            self.set_mode("ok")
            name = self.save(facts, envelope.original_content)
            self.record({"stage": "DATA", "reply": None, "dropped": True, "file": name + ".eml", **facts})
            # abort(), not close(): a reset, with no reply sent. aiosmtpd's connection_lost then cancels
            # this handler, so the sleep never ends and no reply follows.
            server.transport.abort()
            await asyncio.sleep(3600)
            return "421 4.3.0 not reached"
        elif mode == "ok" or mode.startswith("550-rcpt:"):
            name = self.save(facts, envelope.original_content)
            facts["file"] = name + ".eml"
            reply = "250 2.0.0 OK saved " + name
        else:
            reply = "451 4.3.5 smtp_receiver: unknown mode %r in %s/mode" % (mode, self.dir)
            log.error(reply)
        self.record({"stage": "DATA", "reply": reply, **facts})
        return reply

    def save(self, facts, content):
        self.seq += 1
        name = "%013d-%d-%06d" % (time.time() * 1000, os.getpid(), self.seq)
        facts = dict(facts, received_at=time.time())
        for ext, data in ((".json", json.dumps(facts, indent=1).encode()), (".eml", content)):
            # Write into DIR/tmp, then rename: a test polling DIR/messages never reads half a file.
            tmp = os.path.join(self.tmp, name + ext)
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(self.messages, name + ext))
        return name


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"test" and auth_data.password == b"secret"
    # handled=False makes aiosmtpd send "535 5.7.8" itself; its default (True) sends no reply at all,
    # leaving the client hanging until the 5-minute timeout.
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    directory, port = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    handler = Receiver(directory)
    os.makedirs(handler.messages, exist_ok=True)
    os.makedirs(handler.tmp, exist_ok=True)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem"))

    def session():
        # hostname given: aiosmtpd would otherwise call socket.getfqdn(), a DNS lookup that can stall.
        # auth_require_tls=False: tests also cover AUTH over plain connections (allow_insecure).
        return SMTP(handler, hostname="localhost", tls_context=tls, authenticator=authenticate,
                    auth_require_tls=False, enable_SMTPUTF8=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(session, "127.0.0.1", port))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    log.info("listening on 127.0.0.1:%d, messages in %s", port, handler.messages)
    loop.run_forever()
    server.close()
    log.info("stopped")


if __name__ == "__main__":
    main()
