#!/usr/bin/env python3
"""Reads `maild export tickets` JSON lines on stdin and prints a table a person can read."""
import json, sys

print(f"{'ticket':7} {'status':18} {'queue':10} {'customer':28} {'subject':34} msgs")
for line in sys.stdin:
    t = json.loads(line)
    print(f"#{t['number']:<6} {t['status']:18} {t['queue']:10} {(t['customer'] or '-')[:28]:28} "
          f"{(t['subject'] or '-')[:34]:34} {t['message_count']}")
