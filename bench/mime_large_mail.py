#!/usr/bin/python3
"""Write one message of about SIZE bytes whose bulk is a base64 attachment, for bench/mime.

Usage: mime_large_mail.py OUTFILE SIZE [--seed N] [--kind pdf|zip|eml]

The message is multipart/mixed: a short UTF-8 text/plain note, then the attachment (random bytes behind a
real file signature, so nothing compresses it away), with an RFC 2231 file name. `--kind eml` attaches it
as message/rfc822 holding the base64 part instead (a forwarded message with a large attachment). CRLF
line ends, like scripts/generate-mail.py. Same SIZE and seed, same bytes.
"""
import argparse
import base64
import random
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("outfile")
parser.add_argument("size", type=int)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--kind", choices=["pdf", "zip", "eml"], default="pdf")
args = parser.parse_args()
rnd = random.Random(args.seed)

# base64 with CRLF every 76 characters is 4/3 * 78/76 of the data.
payload_size = max(1, int(args.size / (4 / 3 * 78 / 76)) - 2000)
signature = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" if args.kind != "zip" else b"PK\x03\x04\x14\x00"
data = signature + rnd.randbytes(payload_size - len(signature))
encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
name = f"Jahresbericht {args.seed} Übersicht.{'zip' if args.kind == 'zip' else 'pdf'}"
quoted = urllib.parse.quote(name, safe=".-")
attachment = (
    f"Content-Type: application/{'zip' if args.kind == 'zip' else 'pdf'}\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    f"Content-Disposition: attachment; filename*=utf-8''{quoted}\r\n\r\n"
).encode() + encoded
if args.kind == "eml":
    attachment = (
        "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"forwarded.eml\"\r\n\r\n"
        "From: Kunde <kunde@example.org>\r\nTo: support@helpdesk.example.com\r\nSubject: Bericht\r\n"
        f"Message-ID: <large-inner-{args.seed}@example.org>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"inner-b\"\r\n\r\n--inner-b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nSiehe Anhang.\r\n--inner-b\r\n"
    ).encode() + attachment + b"\r\n--inner-b--\r\n"
message = (
    "From: =?utf-8?q?J=C3=BCrgen_Gro=C3=9F?= <juergen@example.org>\r\n"
    "To: Support <support@helpdesk.example.com>\r\n"
    f"Subject: Large attachment {args.seed}\r\n"
    "Date: Mon, 04 Mar 2024 09:15:00 +0100\r\n"
    f"Message-ID: <large-{args.seed}-{args.size}@example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"large-boundary\"\r\n\r\n"
    "--large-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    "Guten Tag,\r\n\r\nanbei der Bericht, um den Sie gebeten hatten.\r\n\r\nGrüße\r\nJürgen\r\n"
    "--large-boundary\r\n"
).encode() + attachment + b"\r\n--large-boundary--\r\n"
with open(args.outfile, "wb") as out:
    out.write(message)
