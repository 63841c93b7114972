#!/usr/bin/python3
"""Generate realistic helpdesk mail as RFC 5322 message files, for benchmarks and load tests.

Usage: generate-mail.py COUNT OUTDIR [--seed N] [--avg-kb 5]

Writes OUTDIR/000001.eml ... (CRLF line ends), numbered in delivery order, so `dovecot.sh deliver
OUTDIR` gives them UIDs in the order their Date headers and reply chains expect. The same COUNT and
seed always give the same bytes. What the mailbox looks like:

- conversations: about 45% of messages reply to an earlier one (In-Reply-To and a References chain
  that grows with the thread, "Re:"/"RE:"/"AW:"/"Fwd:" subjects), customers and agents taking turns;
  agents' replies carry a ticket token ("[#104233]", "[Ticket#202300104678]", "(HD-1234)");
- text/plain (7bit, 8bit or quoted-printable), multipart/alternative (text + html) and
  multipart/mixed with small base64 attachments (pdf/png/txt-ish random bytes, some with RFC 2231
  UTF-8 file names);
- about 14% non-ASCII subjects (and 12% of senders' display names) as RFC 2047 encoded words in
  UTF-8, ISO-8859-2, ISO-8859-1 or windows-1252, B and Q encodings, split across folded lines when
  long; bodies in the same charsets;
- Date headers moving forward over about two years, in several time zones;
- about --avg-kb KiB per message on average, with about 0.3% (at most 1%) carrying a 100-500 KB
  attachment.

Standard library only; 50,000 messages (260 MB) take about 20 s. Prints a one-line summary to stderr.
"""
import argparse
import base64
import binascii
import os
import random
import sys
import time
import unicodedata

# --- vocabulary ------------------------------------------------------------------------------

WORDS = """
account access acknowledge activate address admin after again agent alert all already app
application approve attached attachment authentication backup bank billing browser bug calendar
call cancel card change charged check client cloud computer configure confirm connection contract
credentials customer dashboard data database delivery desktop device disk domain download email
error escalate export failed file firewall form help hours import install internet invoice issue
keyboard laptop license link login mailbox manager meeting message migration mobile monitor
network office order outage password payment phone please portal printer problem profile quote
refund reinstall remote renewal report request reset restart router schedule screen secure server
service settings shipment slow software storage subscription support sync system team ticket
today tomorrow update upgrade user username vpn warranty website week window wireless working
yesterday thanks regards morning afternoon urgent still again since because when while could
would should cannot does not the a an and or but with from for on in at to of by this that
these those our your their my we you they it is was were has have had will be been being
""".split()

# Per-language sentence material. The Latin-2 and windows-1252 texts only use characters their
# charset can encode, so they can be sent in that charset as well as in UTF-8.
LOCALES = {
    "de": ("utf-8", "iso-8859-1", [
        "Grüße aus München", "Rückfrage zur Lieferung", "Störung beim Drucker im Büro",
        "Bitte um Rückruf wegen der Rechnung", "Zugang für neue Mitarbeiterin", "Überweisung fehlgeschlagen",
    ], "Sehr geehrte Damen und Herren, leider funktioniert der Zugang seit gestern nicht mehr. Könnten "
       "Sie bitte prüfen, ob das Konto gesperrt ist? Die Fehlermeldung erscheint schon beim Öffnen. "
       "Wir benötigen außerdem eine Kopie der Rechnung für März. Vielen Dank für Ihre schnelle Hilfe."),
    "pl": ("utf-8", "iso-8859-2", [
        "Zażółć gęślą jaźń", "Problem z fakturą za październik", "Prośba o zmianę hasła",
        "Błąd przy logowaniu do systemu", "Żądanie zwrotu środków", "Łącze nie działa od rana",
    ], "Dzień dobry, od wczoraj nie mogę się zalogować do panelu. Próbowałem zmienić hasło, ale "
       "otrzymuję komunikat o błędzie. Proszę o pilną pomoc, ponieważ muszę wysłać fakturę klientowi. "
       "Z poważaniem, Łukasz Żółkiewski."),
    "cs": ("utf-8", "iso-8859-2", [
        "Příliš žluťoučký kůň úpěl ďábelské ódy", "Reklamace zboží č. 4471", "Nefunguje tiskárna v kanceláři",
        "Dotaz k fakturaci", "Žádost o obnovení účtu",
    ], "Dobrý den, tiskárna v naší kanceláři přestala tisknout a hlásí chybu ovladače. Zkoušeli jsme "
       "ji restartovat, ale nepomohlo to. Můžete prosím poslat technika? Děkuji, Jiří Novák."),
    "fr": ("utf-8", "windows-1252", [
        "Problème de facturation – urgent", "Café crème : commande non reçue", "Réinitialisation du mot de passe",
        "Demande de remboursement (€49,90)", "Accès refusé à l’espace client",
    ], "Bonjour, je n’arrive plus à accéder à mon espace client depuis la mise à jour. Le message "
       "« accès refusé » s’affiche à chaque tentative. Pourriez-vous vérifier mon compte ? Merci "
       "d’avance, Hélène Dubœuf."),
    "es": ("utf-8", "windows-1252", [
        "¿Dónde está mi pedido?", "Señal débil en la oficina", "Factura duplicada – revisión",
        "Cambio de contraseña después del bloqueo",
    ], "Hola, el pedido que realicé la semana pasada todavía no ha llegado y el número de seguimiento "
       "no funciona. ¿Podrían revisar qué ocurrió? También me cobraron dos veces. Saludos, José Muñoz."),
}

TOPICS = [
    "Printer not working", "Cannot log in to the portal", "VPN disconnects every few minutes",
    "Invoice {n} is wrong", "Refund request for order {n}", "Password reset link expired",
    "Laptop battery drains quickly", "Email not syncing on phone", "New employee onboarding: accounts",
    "Outlook keeps asking for password", "Website down?", "Question about my subscription",
    "License renewal for {n} seats", "Shipment {n} delayed", "Cannot open attachment",
    "Slow network in building B", "Request: access to shared drive", "Calendar invites missing",
    "Error 500 when uploading files", "Two-factor authentication lost phone", "Upgrade quote needed",
    "Backup failed last night", "Wi-Fi password for guests", "Account locked after update",
    "Duplicate charge on credit card", "Export to CSV broken", "Monitor flickering",
]

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "William", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Priya", "Wei",
         "Ahmed", "Olga", "Kenji", "Fatima", "Lars", "Ana", "Pieter", "Siobhan", "Mateo", "Aisha"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Lee", "Patel", "Nguyen", "Kim", "Khan",
        "Jansen", "O'Brien", "Rossi", "Silva", "Sato", "Novak", "Berg"]
NON_ASCII_NAMES = [("Zoë Müller", "de"), ("Jürgen Groß", "de"), ("Łukasz Żółkiewski", "pl"),
                   ("Agnieszka Wróbel", "pl"), ("Jiří Dvořák", "cs"), ("Věra Čermáková", "cs"),
                   ("Hélène Dubœuf", "fr"), ("François Lefèvre", "fr"), ("José Muñoz", "es"),
                   ("Begoña Ibáñez", "es")]
DOMAINS = ["example.com", "example.org", "example.net", "acme-corp.example", "contoso.test",
           "mail.fabrikam.example", "northwind.test", "globex.example", "initech.test", "umbrella.example"]
AGENTS = [("Helpdesk", "support"), ("Support Team", "support"), ("Anna from Support", "anna.support"),
          ("IT Service Desk", "servicedesk"), ("Billing", "billing")]
HELPDESK_DOMAIN = "helpdesk.example.com"
MAILERS = ["Microsoft Outlook 16.0", "Apple Mail (2.3731.700.6)", "Mozilla Thunderbird 115.6.0",
           "Roundcube Webmail/1.6.5", "K-9 Mail for Android", None, None, None]
ZONES = [0, 60, 120, -300, -240, -480, 330, 540, 600, 60, 60, 0]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ATTACHMENTS = [("application/pdf", "pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
               ("image/png", "png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
               ("image/jpeg", "jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
               ("application/octet-stream", "bin", b""),
               ("text/plain", "log", None)]
ATTACHMENT_NAMES = ["invoice-{n}", "screenshot-{n}", "error-{n}", "scan_{n}", "Rechnung-{n}",
                    "faktura-{n}", "capture d’écran {n}", "log-{n}"]

# --- encoding helpers --------------------------------------------------------------------------

Q_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def q_encode(raw):
    """RFC 2047 section 4.2 "Q": space as "_", the safe set as itself, everything else as =XX."""
    return "".join("_" if b == 0x20 else chr(b) if b in Q_SAFE else "=%02X" % b for b in raw)


def encoded_words(text, charset, mode):
    """Encoded words of at most 75 characters each (RFC 2047 section 2), never splitting a
    character's bytes across two words (section 5), joined by folding whitespace."""
    prefix = "=?%s?%s?" % (charset, mode)
    room = 75 - len(prefix) - 2
    words, chunk = [], ""
    for ch in text:
        trial = (chunk + ch).encode(charset)
        size = len(q_encode(trial)) if mode == "Q" else (len(trial) + 2) // 3 * 4
        if size > room and chunk:
            words.append(chunk)
            chunk = ch
        else:
            chunk += ch
    words.append(chunk)
    out = []
    for w in words:
        raw = w.encode(charset)
        body = q_encode(raw) if mode == "Q" else base64.b64encode(raw).decode("ascii")
        out.append(prefix + body + "?=")
    return "\n ".join(out)


def fold(name, value):
    """Folds a structured list (References) at spaces to keep lines within 78 characters (RFC 5322 2.2.3)."""
    line, lines = name + ":", []
    for token in value.split(" "):
        if len(line) + 1 + len(token) > 78 and line != name + ":":
            lines.append(line)
            line = " " + token
        else:
            line += " " + token
    lines.append(line)
    return "\n".join(lines)


def rfc5322_date(t, zone_minutes):
    tm = time.gmtime(t + zone_minutes * 60)
    sign = "+" if zone_minutes >= 0 else "-"
    z = abs(zone_minutes)
    return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
        DAYS[tm.tm_wday], tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
        tm.tm_hour, tm.tm_min, tm.tm_sec, sign, z // 60, z % 60)


def b64_lines(data):
    # encodebytes wraps at 76 characters, the MIME limit (RFC 2045 section 6.8).
    return base64.encodebytes(data).decode("ascii").rstrip("\n")


# --- the generator ---------------------------------------------------------------------------

class Person:
    __slots__ = ("header", "addr", "locale")

    def __init__(self, header, addr, locale):
        self.header, self.addr, self.locale = header, addr, locale


class Thread:
    __slots__ = ("subject", "locale", "ids", "customer", "ticket", "quote")

    def __init__(self, subject, locale, customer):
        self.subject, self.locale, self.customer = subject, locale, customer
        self.ids, self.ticket, self.quote = [], None, ""


class Generator:
    LARGE_MEAN = 300 * 1024 * 78 // 57 + 4000  # a 100-500 KB attachment in base64, plus text and headers

    def __init__(self, seed, avg_kb):
        self.rnd = random.Random(seed)
        avg = avg_kb * 1024
        # Large messages take their share of the average first, then the rest is spread over
        # the normal ones; with a tiny --avg-kb there are simply fewer large ones.
        self.large_p = max(0.0, min(0.003, (avg - 1500) / self.LARGE_MEAN))
        self.normal_mean = max(900.0, (avg - self.large_p * self.LARGE_MEAN) / (1 - self.large_p))
        self.overhead = 900.0  # bytes a message has beyond its planned content; learnt as we go
        self.large_phase = self.rnd.random()
        self.time = 1672531200 + self.rnd.randrange(86400)  # 2023-01-01
        self.threads = []
        self.ticket_no = 100000 + self.rnd.randrange(5000)
        self.sentences = self._sentence_pool()
        self.customers = self._people(600)

    def _sentence_pool(self):
        r = self.rnd
        pool = []
        for _ in range(4000):
            n = r.randint(6, 22)
            words = r.choices(WORDS, k=n)
            s = " ".join(words)
            pool.append(s[0].upper() + s[1:] + r.choice([".", ".", ".", "?", "!"]))
        return pool

    def _people(self, n):
        r = self.rnd
        people = []
        for i in range(n):
            domain = r.choice(DOMAINS)
            if r.random() < 0.12:
                name, locale = r.choice(NON_ASCII_NAMES)
                local = "%s.%d" % (ascii_fold(name.split()[0]).lower(), i)
                charset = r.choice(["utf-8", LOCALES[locale][1]])
                display = encoded_words(name, charset, r.choice("BQ"))
            else:
                locale = None
                first, last = r.choice(FIRST), r.choice(LAST)
                local = r.choice(["%s.%s", "%s%s", "%.1s%s"]) % (first.lower(), last.lower().replace("'", ""))
                # "Last, First" needs quoting: the comma is a specials character (RFC 5322 3.2.3).
                display = r.choice(['%s %s' % (first, last), '"%s, %s"' % (last, first),
                                    '"%s %s (%s)"' % (first, last, domain.split(".")[0])])
            addr = "%s@%s" % (local, domain)
            header = addr if r.random() < 0.05 else "%s <%s>" % (display, addr)
            people.append(Person(header, addr, locale))
        return people

    def _text(self, size, locale, quote):
        """About `size` bytes of body text in paragraphs, ending in a signature and the quoted message."""
        r = self.rnd
        parts = []
        if locale:
            parts.append(LOCALES[locale][3])
        length = sum(len(p) for p in parts)
        while length < size:
            para = " ".join(r.choices(self.sentences, k=r.randint(2, 6)))
            parts.append(para)
            length += len(para) + 2
        parts.append("-- \n" + r.choice(["Sent from my phone", "Best regards", "Thanks,\nThe team",
                                          "Kind regards\nIT department"]))
        text = "\n\n".join(wrap(p) for p in parts)
        if quote:
            text += "\n\nOn an earlier date, someone wrote:\n" + "\n".join("> " + l for l in quote.split("\n")[:40])
        return text

    def _text_part(self, text, locale):
        """A text/plain leaf: 7bit for ASCII, otherwise 8bit or quoted-printable in a fitting charset."""
        r = self.rnd
        if not locale:
            return "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit", text
        charset = r.choice(["utf-8", LOCALES[locale][1]])
        raw = text.encode(charset, "replace")
        if r.random() < 0.3:
            # 8bit bodies are plain bytes in the file; decode as latin-1 to carry them unchanged.
            return ("Content-Type: text/plain; charset=%s\nContent-Transfer-Encoding: 8bit" % charset,
                    raw.decode("latin-1"))
        return ("Content-Type: text/plain; charset=%s; format=flowed\nContent-Transfer-Encoding: quoted-printable"
                % charset, binascii.b2a_qp(raw).decode("ascii"))

    def _html_part(self, text):
        paras = "\n".join("<p>%s</p>" % p.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>\n")
                          for p in text.split("\n\n"))
        html = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>body{font-family:Calibri,sans-serif;'
                'font-size:11pt}</style></head>\n<body>\n%s\n</body></html>' % paras)
        return ("Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
                binascii.b2a_qp(html.encode("utf-8")).decode("ascii"))

    def _attachment(self, size, n):
        r = self.rnd
        ctype, ext, magic = r.choice(ATTACHMENTS)
        name = r.choice(ATTACHMENT_NAMES).format(n=n) + "." + ext
        if magic is None:
            data = "\n".join(r.choices(self.sentences, k=max(1, size // 80))).encode()[:size]
        else:
            data = magic + r.randbytes(max(0, size - len(magic)))
        if name.isascii():
            disp = 'attachment; filename="%s"' % name
            ctype_line = 'Content-Type: %s; name="%s"' % (ctype, name)
        else:
            # RFC 2231 for the parameter; many clients also expect an encoded-word name= (not standard).
            quoted = "".join(chr(b) if b < 0x80 and (chr(b).isalnum() or chr(b) in "-._") else "%%%02X" % b
                             for b in name.encode("utf-8"))
            disp = "attachment;\n filename*=UTF-8''%s" % quoted
            ctype_line = 'Content-Type: %s;\n name="%s"' % (ctype, encoded_words(name, "utf-8", "B"))
        return ctype_line + "\nContent-Transfer-Encoding: base64\nContent-Disposition: " + disp, b64_lines(data)

    def _boundary(self, n, depth):
        return "----=_Part_%d_%d.%08x" % (n, depth, self.rnd.getrandbits(32))

    def message(self, n):
        r = self.rnd
        self.time += r.expovariate(1 / 900)  # a message every 15 minutes on average: ~2 years for 50k
        t = int(self.time)

        # Who writes, and in which conversation.
        reply = self.threads and r.random() < 0.45
        if reply:
            # Recent conversations are the live ones.
            thread = self.threads[-1 - min(len(self.threads) - 1, int(r.expovariate(1 / 30)))]
            from_agent = len(thread.ids) % 2 == 1 if r.random() < 0.85 else r.random() < 0.5
        else:
            customer = r.choice(self.customers)
            locale = customer.locale or (r.choice(list(LOCALES)) if r.random() < 0.06 else None)
            if locale and r.random() < 0.85:
                subject = r.choice(LOCALES[locale][2])
            else:
                subject = r.choice(TOPICS).format(n=r.randint(1000, 99999))
            thread = Thread(subject, locale, customer)
            self.threads.append(thread)
            if len(self.threads) > 2000:
                del self.threads[:1000]
            from_agent = False
        domain = HELPDESK_DOMAIN
        if from_agent:
            name, local = r.choice(AGENTS)
            sender = "%s <%s@%s>" % (name, local, domain)
            to = thread.customer.header
            if thread.ticket is None:
                self.ticket_no += r.randint(1, 7)
                thread.ticket = r.choice(["[#%d]", "[Ticket#2023%08d]", "(HD-%d)"]) % self.ticket_no
        else:
            sender = thread.customer.header
            to = r.choice(["Support <support@%s>", "support@%s", "IT Service Desk <servicedesk@%s>",
                           "billing@%s"]) % domain
        mid_domain = domain if from_agent else thread.customer.addr.split("@")[1]
        message_id = "<%x.%d.%08x@%s>" % (t, n, r.getrandbits(32), mid_domain)

        subject = thread.subject
        if thread.ticket and (from_agent or r.random() < 0.7):
            subject = "%s %s" % (thread.ticket, subject)
        if reply:
            subject = r.choice(["Re: ", "Re: ", "Re: ", "RE: ", "AW: ", "Re: Re: ", "Fwd: "]) + subject
        if not subject.isascii():
            charset = r.choice(["utf-8", "utf-8", LOCALES[thread.locale][1]])
            subject_header = "Subject: " + encoded_words(subject, charset, r.choice("BQ"))
        else:
            subject_header = "Subject: " + subject

        mx = r.randint(1, 4)
        headers = [
            "Return-Path: <%s>" % (("%s@%s" % (local, domain)) if from_agent else thread.customer.addr),
            "Received: from mx%d.%s (mx%d.%s [192.0.2.%d])\n\tby imap.%s (Postfix) with ESMTPS id %X\n\tfor <support@%s>; %s"
            % (mx, mid_domain, mx, mid_domain, r.randint(1, 254), domain, r.getrandbits(40), domain,
               rfc5322_date(t + 2, 0)),
            "From: " + sender,
            "To: " + to,
        ]
        if r.random() < 0.15:
            headers.append("Cc: " + ", ".join(p.header for p in r.sample(self.customers, r.randint(1, 3))))
        headers += [subject_header, "Date: " + rfc5322_date(t, r.choice(ZONES)), "Message-ID: " + message_id]
        if reply and thread.ids:
            headers.append("In-Reply-To: " + thread.ids[-1])
            # Long threads: mailers keep the first and the last few ids (RFC 5322 3.6.4 allows trimming).
            refs = thread.ids if len(thread.ids) <= 10 else thread.ids[:1] + thread.ids[-9:]
            headers.append(fold("References", " ".join(refs)))
        mailer = r.choice(MAILERS)
        if mailer:
            headers.append("X-Mailer: " + mailer)
        headers.append("MIME-Version: 1.0")
        thread.ids.append(message_id)

        # Size and shape of the body.
        # Spread evenly rather than drawn per message: every COUNT gets its share of large messages,
        # so averages do not swing with a handful of 400 KB draws.
        large = int(n * self.large_p + self.large_phase) != int((n - 1) * self.large_p + self.large_phase)
        kind = r.random()
        kind = "mixed" if large or kind < 0.18 else "alternative" if kind < 0.55 else "plain"
        target = self.normal_mean * r.lognormvariate(-0.18, 0.6)  # lognormal with mean 1
        budget = max(200, target - self.overhead)
        attach_sizes = []
        if kind == "mixed":
            if large:
                attach_sizes.append(r.randint(100 * 1024, 500 * 1024))
                budget = min(budget, 1500)
            else:
                share = budget * r.uniform(0.4, 0.7)
                k = r.choice([1, 1, 1, 2])
                attach_sizes = [max(256, int(share * 57 / 78 / k))] * k  # raw bytes; base64 adds 78/57
                budget -= share
        text_size = budget / 2.4 if kind == "alternative" else budget
        text = self._text(int(text_size), thread.locale if r.random() < 0.8 else None, thread.quote if reply else "")
        thread.quote = text[:1500]

        if kind == "plain":
            ct, body = self._text_part(text, thread.locale)
            headers.append(ct)
            parts = body
        else:
            b_alt = self._boundary(n, 1)
            tct, tbody = self._text_part(text, thread.locale)
            hct, hbody = self._html_part(text)
            alternative = "--%s\n%s\n\n%s\n--%s\n%s\n\n%s\n--%s--" % (b_alt, tct, tbody, b_alt, hct, hbody, b_alt)
            alt_ct = 'Content-Type: multipart/alternative;\n boundary="%s"' % b_alt
            if kind == "alternative":
                headers.append(alt_ct)
                parts = "This is a multi-part message in MIME format.\n\n" + alternative
            else:
                b_mix = self._boundary(n, 0)
                headers.append('Content-Type: multipart/mixed;\n boundary="%s"' % b_mix)
                first = (alt_ct + "\n\n" + alternative) if r.random() < 0.5 else "%s\n\n%s" % (tct, tbody)
                chunks = ["--%s\n%s" % (b_mix, first)]
                for i, size in enumerate(attach_sizes):
                    act, abody = self._attachment(size, n * 10 + i)
                    chunks.append("--%s\n%s\n\n%s" % (b_mix, act, abody))
                parts = "\n".join(chunks) + "\n--%s--" % b_mix

        msg = ("\n".join(headers) + "\n\n" + parts + "\n").replace("\n", "\r\n").encode("latin-1")
        if not large:
            # Learn how many bytes headers, MIME structure, quotes and encodings add to the planned
            # content: nudging the estimate by each miss makes the mean size converge on the target.
            self.overhead += 0.02 * (len(msg) - target)
        return msg


def ascii_fold(text):
    """"Łukasz" -> "Lukasz": drop the accents for an address's local part."""
    text = unicodedata.normalize("NFKD", text.replace("Ł", "L").replace("ł", "l"))
    return text.encode("ascii", "ignore").decode("ascii")


def wrap(paragraph, width=76):
    """Greedy word wrap; textwrap is several times slower for the same result on this text."""
    out, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = line + " " + word if line else word
    out.append(line)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description="Generate realistic helpdesk mail as RFC 5322 files (CRLF).")
    ap.add_argument("count", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--avg-kb", type=float, default=5.0)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    gen = Generator(args.seed, args.avg_kb)
    width = max(6, len(str(args.count)))
    total = large = 0
    started = time.monotonic()
    for n in range(1, args.count + 1):
        msg = gen.message(n)
        total += len(msg)
        large += len(msg) > 100 * 1024
        with open(os.path.join(args.outdir, "%0*d.eml" % (width, n)), "wb") as f:
            f.write(msg)
    print("generate-mail: %d messages, %.1f MB, average %.1f KB, %d over 100 KB, seed %d, %.1f s"
          % (args.count, total / 1e6, total / max(1, args.count) / 1024, large, args.seed,
             time.monotonic() - started), file=sys.stderr)


if __name__ == "__main__":
    main()
