#!/usr/bin/env python3
"""Reads `maild export messages` JSON lines on stdin and prints a table a person can read."""
import json, sys

print(f"{'conv':>4} {'from':28} {'subject':36} {'bytes':>6} {'att':>3}  notes")
for line in sys.stdin:
    m = json.loads(line)
    notes = [x for x in (m.get("parse_error"), m.get("headers_only_reason")) if x]
    if m.get("is_auto_reply"):
        notes.insert(0, "auto-reply")
    if m.get("is_bounce"):
        notes.insert(0, "bounce")
    print(f"{m.get('conversation_id') or '-':>4} {(m['from'] or '-')[:28]:28} {(m['subject'] or '-')[:36]:36} "
          f"{m['size']:>6} {len(m.get('attachments') or []):>3}  {'; '.join(notes)[:60]}")
