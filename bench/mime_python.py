#!/usr/bin/python3
"""The baseline of bench/mime: Python's `email` package parsing the same messages.

Usage: mime_python.py LISTFILE      (one message path per line)

Reads every file into memory first, then times only the parsing: `BytesParser(policy=default)`, a walk
over every part (attached messages descended into), and `get_content()` on every leaf: text decoded to
`str` in its charset, anything else transfer-decoded to `bytes`. Prints one line:
`python messages=N bytes=B seconds=S`.
"""
import sys
import time
from email import policy
from email.parser import BytesParser

paths = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
blobs = []
for path in paths:
    with open(path, "rb") as f:
        blobs.append(f.read())

parser = BytesParser(policy=policy.default)
start = time.perf_counter()
for blob in blobs:
    message = parser.parsebytes(blob)
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            part.get_content()
        except (LookupError, ValueError, AssertionError):
            # An unknown charset or a content manager that refuses the part: fall back as maild does.
            part.get_payload(decode=True)
elapsed = time.perf_counter() - start
print(f"python messages={len(blobs)} bytes={sum(map(len, blobs))} seconds={elapsed:.6f}")
