#!/usr/bin/env python3
"""Reads `maild export messages` JSON lines on stdin and prints a table a person can read."""
import json, sys

print(f"{'from':30} {'subject':42} {'bytes':>7}  notes")
for line in sys.stdin:
    m = json.loads(line)
    notes = "; ".join(x for x in (m.get("parse_error"), m.get("headers_only_reason")) if x)
    print(f"{(m['from'] or '-')[:30]:30} {(m['subject'] or '-')[:42]:42} {m['size']:>7}  {notes[:60]}")
