#!/usr/bin/python3
"""Generate a helpdesk mailbox of realistic conversations as Maildir folders, for bench/threading.

Usage: threading_mail.py COUNT OUTDIR [--seed N] [--folder-size N]

Writes COUNT messages (CRLF line ends) into OUTDIR/01, OUTDIR/02, ... (Maildirs of --folder-size
messages each, cur/ holding `0000001.gen:2,` ...), numbered in delivery order, so importing the folders
in name order, or their files in name order, delivers the mail as a helpdesk INBOX would have received
it. The same COUNT and seed always give the same bytes. The bodies, names, charsets and encodings come
from scripts/generate-mail.py; this script plans the conversations:

- conversations of 1 to 30 messages (about 30% single messages, 45% 2-4, 19% 5-9, 6% 10-30), the
  customer and the helpdesk (always writing from support@helpdesk.example.com) mostly taking turns;
  15% of replies answer an earlier message than the latest (the thread branches);
- customers drawn from a pool of COUNT/10 with a skewed popularity, so many write several threads;
  5% of customer replies come from a colleague at the same domain;
- reply headers: 70% In-Reply-To and References (first id + last 9 when long), 12% In-Reply-To only,
  8% References cut to the last 1-3 ids, 5% References only, 5% neither (a client that dropped them;
  the subject keeps the ticket token `[#T<n>]`, no keyed check, when the helpdesk has answered);
- helpdesk replies carry a bare ticket token `[#T<n>]` (numbers given in delivery order, one per
  conversation, as maild numbers tickets), kept by 75% of the customers' replies;
- machine mail: out-of-office replies to 4% of helpdesk messages (Exchange, Gmail, Sieve vacation and
  older X-Autoreply styles; 70% with In-Reply-To/References), Postfix-style bounces (multipart/report,
  text/rfc822-headers) for 1% of them, and 3% of conversations are single bulk notifications;
- delivery: seconds after sending, but 3% of messages are held 30 minutes to 2 days (greylisting, a
  stuck queue), so replies often arrive before their parents; 2% of conversations never deliver their
  first message (the customer wrote to someone else first), leaving a "ghost" parent;
- Message-IDs as the mail clients make them: the helpdesk's and 25% of the customers' start with the
  time (Postfix, mutt and many helpdesks do); the other customers' are random throughout (35% Gmail,
  20% Outlook/Exchange Online, 20% a UUID as Apple Mail and Thunderbird write), so an index on
  Message-IDs takes its keys in random order, as it does in a real helpdesk;
- sizes 2-10 KB (lognormal around 5 KB, bounded), text/plain, multipart/alternative or
  multipart/mixed with a small attachment, quoting the message replied to.

Standard library only. Prints a one-line summary to stderr.
"""
import argparse
import hashlib
import importlib.util
import os
import sys
import time

_spec = importlib.util.spec_from_file_location(
    "generate_mail", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "generate-mail.py"))
gm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gm)

HELPDESK = "support@" + gm.HELPDESK_DOMAIN
VENDORS = [("Billing Portal", "noreply@billing.vendor.example", "Your invoice {n} is ready"),
           ("Cloud Status", "status@cloud.vendor.example", "Scheduled maintenance on {n}"),
           ("Security Alerts", "alerts@sec.vendor.example", "New sign-in to account {n}"),
           ("Newsletter", "news@updates.vendor.example", "Product update #{n}")]

CUSTOMER, AGENT, AUTO_REPLY, BOUNCE, NOTICE = range(5)


class Message:
    """One planned message: who writes, what it answers, when it is sent and delivered."""
    __slots__ = ("thread", "kind", "parent", "sent", "delivered", "rank", "seq", "links", "delivered_ok",
                 "colleague", "mid", "ids", "subject", "text", "headers")

    def __init__(self, thread, kind, parent, sent):
        self.thread, self.kind, self.parent, self.sent = thread, kind, parent, sent
        self.delivered, self.rank, self.seq, self.links, self.delivered_ok = sent, 0, 0, "full", True
        self.colleague = None
        self.mid = self.ids = self.subject = self.text = self.headers = None


class Thread:
    __slots__ = ("customer", "locale", "topic", "messages", "ticket")

    def __init__(self, customer, locale, topic):
        self.customer, self.locale, self.topic = customer, locale, topic
        self.messages, self.ticket = [], None


class Planner:
    def __init__(self, seed, count):
        self.gen = gm.Generator(seed, 5.0)
        self.rnd = r = self.gen.rnd
        self.count = count
        self.customers = self.gen._people(max(200, count // 10))
        self.time = 1672531200 + r.randrange(86400)  # 2023-01-01
        # Conversations start evenly over about two years, whatever COUNT is.
        self.thread_gap = 2 * 365 * 86400 / max(1, count / 4.3)
        self.stats = dict(threads=0, notices=0, auto=0, bounces=0, held=0, ghost_roots=0, early=0,
                          irt_only=0, refs_cut=0, refs_only=0, no_links=0, longest=0)

    def thread_size(self):
        u = self.rnd.random()
        if u < 0.30:
            return 1
        if u < 0.75:
            return self.rnd.randint(2, 4)
        if u < 0.94:
            return self.rnd.randint(5, 9)
        return self.rnd.randint(10, 30)

    def customer(self):
        # Skewed: a few customers write often, most once or twice.
        return self.customers[int(len(self.customers) * self.rnd.random() ** 3)]

    def plan(self):
        """Every conversation and when each message arrives; returns the messages in the order they were
        written, those delivered numbered 1...COUNT (`rank`) in delivery order."""
        r, s = self.rnd, self.stats
        messages = []
        delivered = 0
        while delivered < self.count:
            self.time += r.expovariate(1 / self.thread_gap)
            s["threads"] += 1
            if r.random() < 0.03:
                thread = Thread(None, None, r.randrange(len(VENDORS)))
                thread.messages.append(Message(thread, NOTICE, None, self.time))
                s["notices"] += 1
            else:
                thread = self.conversation()
            messages += thread.messages
            delivered += sum(m.delivered_ok for m in thread.messages)
        for seq, m in enumerate(messages):
            m.seq = seq
            if r.random() < 0.03:
                m.delivered = m.sent + r.uniform(1800, 2 * 86400)
                s["held"] += 1
            else:
                m.delivered = m.sent + r.uniform(2, 40)
        # The mailbox as it stands once COUNT messages have arrived; later ones are never written.
        inbox = sorted((m for m in messages if m.delivered_ok), key=lambda m: m.delivered)[:self.count]
        ticket = 0
        for rank, m in enumerate(inbox, 1):
            m.rank = rank
            if m.parent is not None and m.parent.delivered_ok and m.parent.delivered > m.delivered:
                s["early"] += 1
            # Ticket numbers as maild gives them while each thread is one conversation: the first message
            # a person wrote opens the ticket. Where maild splits a thread, later numbers drift, and a
            # token-only reply then finds a ticket its sender is no participant of (it does not join).
            if m.kind in (CUSTOMER, AGENT) and m.thread.ticket is None:
                ticket += 1
                m.thread.ticket = ticket
        return messages

    def conversation(self):
        r, s = self.rnd, self.stats
        customer = self.customer()
        locale = customer.locale or (r.choice(list(gm.LOCALES)) if r.random() < 0.06 else None)
        if locale and r.random() < 0.85:
            topic = r.choice(gm.LOCALES[locale][2])
        else:
            topic = r.choice(gm.TOPICS).format(n=r.randint(1000, 99999))
        thread = Thread(customer, locale, topic)
        size = self.thread_size()
        s["longest"] = max(s["longest"], size)
        t = self.time
        human = []
        for i in range(size):
            if i == 0:
                kind, parent = CUSTOMER, None
            else:
                last = human[-1]
                alternate = r.random() < 0.8
                kind = (AGENT if last.kind == CUSTOMER else CUSTOMER) if alternate else last.kind
                parent = last if r.random() < 0.85 or len(human) < 2 else r.choice(human[:-1])
                t += r.expovariate(1 / (3 * 3600 if kind == AGENT else 8 * 3600))
            m = Message(thread, kind, parent, t)
            if kind == CUSTOMER and i > 0 and r.random() < 0.05:
                m.colleague = self.colleague_of(customer)
            human.append(m)
            thread.messages.append(m)
            if kind == AGENT and r.random() < 0.05:
                if r.random() < 0.8:
                    thread.messages.append(Message(thread, AUTO_REPLY, m, t + r.uniform(20, 300)))
                    s["auto"] += 1
                else:
                    thread.messages.append(Message(thread, BOUNCE, m, t + r.uniform(5, 900)))
                    s["bounces"] += 1
        for m in thread.messages[1:]:
            if m.kind in (CUSTOMER, AGENT):
                u = r.random()
                m.links = ("full" if u < 0.70 else "irt" if u < 0.82 else "cut" if u < 0.90
                           else "refs" if u < 0.95 else "none")
                key = {"irt": "irt_only", "cut": "refs_cut", "refs": "refs_only", "none": "no_links"}.get(m.links)
                if key:
                    s[key] += 1
            elif m.kind == AUTO_REPLY and r.random() < 0.3:
                m.links = "none"
        if size > 1 and r.random() < 0.02:
            thread.messages[0].delivered_ok = False
            s["ghost_roots"] += 1
        return thread

    def colleague_of(self, customer):
        domain = customer.addr.split("@")[1]
        first, last = self.rnd.choice(gm.FIRST), self.rnd.choice(gm.LAST)
        addr = "%s.%s@%s" % (first.lower(), last.lower().replace("'", ""), domain)
        return gm.Person("%s %s <%s>" % (first, last, addr), addr, customer.locale)


def client_message_id(n, domain):
    """Message n's id as a random-id mail client writes it, or None for the 25% of time-ordered ones.
    Drawn from n alone, so the rest of the mail is the same bytes whatever the ids look like."""
    h = hashlib.sha256(b"maild-bench-mid-%d" % n).hexdigest()
    style = int(h[:2], 16) % 20
    if style < 7:
        return "<CA%s@mail.gmail.com>" % h[2:42]
    if style < 11:
        return "<AM0PR07MB%s%s@AM0PR07MB%s.eurprd07.prod.outlook.com>" % (h[2:6].upper(), h[6:38].upper(), h[38:42].upper())
    if style < 15:
        return "<%s-%s-%s-%s-%s@%s>" % (h[2:10].upper(), h[10:14].upper(), h[14:18].upper(), h[18:22].upper(),
                                        h[22:34].upper(), domain)
    return None


class Writer:
    """Renders planned messages thread by thread (a reply quotes its parent, rendered before it)."""

    def __init__(self, planner):
        self.p = planner
        self.gen = planner.gen
        self.rnd = planner.rnd

    def render(self, m):
        r, g = self.rnd, self.gen
        thread = m.thread
        n = m.seq
        t = int(m.sent)
        if m.kind == NOTICE:
            return self.notice(m, n, t)
        if m.kind == AUTO_REPLY:
            return self.auto_reply(m, n, t)
        if m.kind == BOUNCE:
            return self.bounce(m, n, t)
        agent = m.kind == AGENT
        person = m.colleague or thread.customer
        if agent:
            name, _ = r.choice(gm.AGENTS)
            sender, to, mid_domain = "%s <%s>" % (name, HELPDESK), thread.customer.header, gm.HELPDESK_DOMAIN
        else:
            sender = person.header
            to = r.choice(["Support <%s>", "%s", "IT Service Desk <%s>"]) % HELPDESK
            mid_domain = person.addr.split("@")[1]
        m.mid = "<%x.%d.%08x@%s>" % (t, n, r.getrandbits(32), mid_domain)
        if not agent:
            m.mid = client_message_id(n, mid_domain) or m.mid
        parent = m.parent
        m.ids = (parent.ids + [parent.mid]) if parent else []

        subject = thread.topic
        answered = any(x.kind == AGENT and x.mid for x in thread.messages if x is not m)
        if thread.ticket and (agent or (answered and r.random() < 0.75) or (m.links == "none" and answered)):
            subject = "%s [#T%d]" % (subject, thread.ticket)
        if parent:
            subject = r.choice(["Re: ", "Re: ", "Re: ", "RE: ", "AW: ", "Re: Re: ", "Odp: "]) + subject
        m.subject = subject
        if subject.isascii():
            subject_header = "Subject: " + subject
        else:
            charset = r.choice(["utf-8", "utf-8", gm.LOCALES[thread.locale][1]])
            subject_header = "Subject: " + gm.encoded_words(subject, charset, r.choice("BQ"))

        headers = self.received(mid_domain, t) + ["From: " + sender, "To: " + to]
        if r.random() < 0.1:
            headers.append("Cc: " + ", ".join(c.header for c in r.sample(self.p.customers, r.randint(1, 2))))
        headers += [subject_header, "Date: " + gm.rfc5322_date(t, r.choice(gm.ZONES)), "Message-ID: " + m.mid]
        headers += self.link_headers(m)
        mailer = r.choice(gm.MAILERS)
        if mailer:
            headers.append("X-Mailer: " + mailer)
        headers.append("MIME-Version: 1.0")
        m.headers = list(headers)

        # 2-10 KB, lognormal around 5 KB.
        target = min(9000, max(2000, 4300 * r.lognormvariate(-0.18, 0.55)))
        quote = parent.text[:1500] if parent and parent.text else ""
        budget = max(300, target - 1100 - (len(quote) + 60 if quote else 0))
        u = r.random()
        kind = "mixed" if u < 0.15 else "alternative" if u < 0.50 else "plain"
        attach = 0
        if kind == "mixed":
            attach = int(budget * r.uniform(0.4, 0.6))
            budget -= attach
            attach = max(256, attach * 57 // 78)
        text = g._text(int(budget / 2.2 if kind == "alternative" else budget),
                       thread.locale if r.random() < 0.8 else None, quote)
        m.text = text
        return self.body(headers, text, thread.locale, kind, attach, n)

    def body(self, headers, text, locale, kind, attach, n):
        g = self.gen
        if kind == "plain":
            ct, body = g._text_part(text, locale)
            headers.append(ct)
            parts = body
        else:
            b_alt = g._boundary(n, 1)
            tct, tbody = g._text_part(text, locale)
            hct, hbody = g._html_part(text)
            alternative = "--%s\n%s\n\n%s\n--%s\n%s\n\n%s\n--%s--" % (b_alt, tct, tbody, b_alt, hct, hbody, b_alt)
            alt_ct = 'Content-Type: multipart/alternative;\n boundary="%s"' % b_alt
            if kind == "alternative":
                headers.append(alt_ct)
                parts = "This is a multi-part message in MIME format.\n\n" + alternative
            else:
                b_mix = g._boundary(n, 0)
                headers.append('Content-Type: multipart/mixed;\n boundary="%s"' % b_mix)
                act, abody = g._attachment(attach, n * 10)
                parts = "--%s\n%s\n\n%s\n--%s\n%s\n\n%s\n--%s--" % (
                    b_mix, alt_ct, alternative, b_mix, act, abody, b_mix)
        return self.encode(headers, parts)

    @staticmethod
    def encode(headers, body):
        return ("\n".join(headers) + "\n\n" + body + "\n").replace("\n", "\r\n").encode("latin-1")

    def received(self, domain, t):
        r = self.rnd
        return ["Return-Path: <bounce-%x@%s>" % (r.getrandbits(24), domain),
                "Received: from mx%d.%s (mx%d.%s [192.0.2.%d])\n\tby imap.%s (Postfix) with ESMTPS id %X\n\t"
                "for <%s>; %s" % (1, domain, 1, domain, r.randint(1, 254), gm.HELPDESK_DOMAIN,
                                  r.getrandbits(40), HELPDESK, gm.rfc5322_date(t + 2, 0))]

    def link_headers(self, m):
        """In-Reply-To / References as the message's mail client wrote them."""
        if not m.parent:
            return []
        refs = m.ids if len(m.ids) <= 10 else m.ids[:1] + m.ids[-9:]
        irt = "In-Reply-To: " + m.parent.mid
        if m.links == "full":
            return [irt, gm.fold("References", " ".join(refs))]
        if m.links == "irt":
            return [irt]
        if m.links == "cut":
            return [irt, gm.fold("References", " ".join(m.ids[-self.rnd.randint(1, 3):]))]
        if m.links == "refs":
            return [gm.fold("References", " ".join(refs))]
        return []

    def auto_reply(self, m, n, t):
        r = self.rnd
        thread, parent = m.thread, m.parent
        person = thread.customer
        domain = person.addr.split("@")[1]
        m.mid = "<%x.%d.auto.%08x@%s>" % (t, n, r.getrandbits(32), domain)
        m.ids = parent.ids + [parent.mid]
        style = r.choice(["exchange", "gmail", "sieve", "old"])
        subject = {"exchange": "Automatic reply: ", "gmail": "Out of Office: ", "sieve": "Auto: ",
                   "old": "Abwesenheitsnotiz: "}[style] + (parent.subject if parent.subject.isascii() else thread.topic
                                                         if thread.topic.isascii() else "Your message")
        headers = self.received(domain, t) + [
            "From: " + person.header, "To: " + HELPDESK, "Subject: " + subject,
            "Date: " + gm.rfc5322_date(t, r.choice(gm.ZONES)), "Message-ID: " + m.mid]
        if m.links != "none":
            headers += ["In-Reply-To: " + parent.mid, gm.fold("References", " ".join((m.ids[-10:])))]
        headers += {"exchange": ["Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All",
                                 "X-MS-Exchange-Inbox-Rules-Loop: " + person.addr],
                    "gmail": ["Auto-Submitted: auto-replied"],
                    "sieve": ["Auto-Submitted: auto-replied (vacation)", "Precedence: bulk"],
                    "old": ["X-Autoreply: yes", "Precedence: auto_reply"]}[style]
        headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii"]
        text = ("I am out of the office until %s with limited access to email.\n"
                "For urgent matters please contact my colleague at the number below.\n\n%s\n"
                % (gm.rfc5322_date(t + r.randint(2, 14) * 86400, 0)[:16], " ".join(r.choices(self.gen.sentences, k=4))))
        return self.encode(headers, gm.wrap(text.replace("\n", " \n")).replace(" \n", "\n"))

    def bounce(self, m, n, t):
        r = self.rnd
        thread, parent = m.thread, m.parent
        domain = thread.customer.addr.split("@")[1]
        m.mid = "<%x.%d.%08x.dsn@mx1.%s>" % (t, n, r.getrandbits(32), domain)
        m.ids = parent.ids + [parent.mid]
        b = self.gen._boundary(n, 0)
        rcpt = thread.customer.addr
        headers = ["Return-Path: <>", "From: Mail Delivery System <MAILER-DAEMON@mx1.%s>" % domain,
                   "To: " + HELPDESK, "Subject: Undelivered Mail Returned to Sender",
                   "Date: " + gm.rfc5322_date(t, 0), "Message-ID: " + m.mid, "Auto-Submitted: auto-replied",
                   "MIME-Version: 1.0",
                   'Content-Type: multipart/report; report-type=delivery-status;\n boundary="%s"' % b]
        original = "\n".join(h for h in parent.headers if not h.startswith(("Content-", "MIME-")))
        body = ("This is a MIME-encapsulated message.\n\n--{b}\nContent-Description: Notification\n"
                "Content-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx1.{d}.\n\n"
                "I'm sorry to have to inform you that your message could not\nbe delivered to one or more "
                "recipients. It's attached below.\n\n<{rcpt}>: host mx1.{d}[192.0.2.7] said: 550 5.1.1\n"
                "    <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table\n\n"
                "--{b}\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
                "Reporting-MTA: dns; mx1.{d}\nArrival-Date: {date}\n\nFinal-Recipient: rfc822; {rcpt}\n"
                "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address "
                "rejected\n\n--{b}\nContent-Description: Undelivered Message Headers\n"
                "Content-Type: text/rfc822-headers\n\n{orig}\n\n--{b}--").format(
            b=b, d=domain, rcpt=rcpt, date=gm.rfc5322_date(t - 3, 0), orig=original)
        return self.encode(headers, body)

    def notice(self, m, n, t):
        r = self.rnd
        name, addr, subject = VENDORS[m.thread.topic]
        domain = addr.split("@")[1]
        m.mid = "<%x.%d.%08x@%s>" % (t, n, r.getrandbits(32), domain)
        headers = self.received(domain, t) + [
            "From: %s <%s>" % (name, addr), "To: " + HELPDESK, "Subject: " + subject.format(n=r.randint(1000, 99999)),
            "Date: " + gm.rfc5322_date(t, 0), "Message-ID: " + m.mid, "Precedence: bulk",
            "List-Unsubscribe: <https://%s/unsubscribe?u=%x>" % (domain, r.getrandbits(48)),
            "MIME-Version: 1.0"]
        m.headers = headers
        text = "\n\n".join(gm.wrap(" ".join(r.choices(self.gen.sentences, k=r.randint(8, 20)))) for _ in range(4))
        return self.body(headers, text, None, "alternative", 0, n)


def main():
    ap = argparse.ArgumentParser(description="Generate helpdesk conversations as Maildir folders (CRLF).")
    ap.add_argument("count", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--folder-size", type=int, default=10000)
    args = ap.parse_args()
    started = time.monotonic()
    planner = Planner(args.seed, args.count)
    messages = planner.plan()
    writer = Writer(planner)
    folders = set()
    sizes = []
    # Rendered in the order written (a reply quotes its parent), filed under the delivery rank.
    for thread in dict.fromkeys(m.thread for m in messages):
        for m in thread.messages:
            msg = writer.render(m)
            if not m.rank:
                continue
            folder = os.path.join(args.outdir, "%02d" % ((m.rank - 1) // args.folder_size + 1))
            if folder not in folders:
                for sub in ("cur", "new", "tmp"):
                    os.makedirs(os.path.join(folder, sub), exist_ok=True)
                folders.add(folder)
            with open(os.path.join(folder, "cur", "%07d.gen:2," % m.rank), "wb") as f:
                f.write(msg)
            sizes.append(len(msg))
        for m in thread.messages:
            m.text = None  # only the thread's own replies quote it
    s = planner.stats
    sizes.sort()
    print("threading_mail: %d messages in %d folders, %.1f MB (median %.1f KB, 5%%-95%% %.1f-%.1f KB), %d threads "
          "(up to %d messages), %d out-of-office, %d bounces, %d notices, %d held in a queue, %d delivered before "
          "their parent, %d ghost roots; replies with In-Reply-To only %d, References cut %d, References only %d, "
          "neither %d; seed %d, %.1f s"
          % (len(sizes), len(folders), sum(sizes) / 1e6, sizes[len(sizes) // 2] / 1024, sizes[len(sizes) // 20] / 1024,
             sizes[len(sizes) * 19 // 20] / 1024, s["threads"], s["longest"], s["auto"], s["bounces"], s["notices"],
             s["held"], s["early"], s["ghost_roots"], s["irt_only"], s["refs_cut"], s["refs_only"], s["no_links"],
             args.seed, time.monotonic() - started), file=sys.stderr)


if __name__ == "__main__":
    main()
