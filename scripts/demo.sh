#!/usr/bin/env bash
# The local demo: maild for real against its own Dovecot and SMTP receiver on 127.0.0.1, with sample mail.
# Installs what is missing, builds, starts Dovecot and the receiver, delivers scripts/demo-mail/*, runs the
# daemon until the mail is imported (new tickets are acknowledged), queues an agent's reply with
# `maild ctl send`, cancels a second one within its undo delay, waits for the first to leave, shows what
# was stored and sent, then stops everything (DEMO_KEEP=1 keeps the daemon running).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --product maild
maild=.build/debug/maild
run=$PWD/demo-run
rm -rf "$run"; mkdir -p "$run"
ports=($(/usr/bin/python3 scripts/free-port.py 3)); imap=${ports[0]} imaps=${ports[1]} smtp=${ports[2]}
scripts/dovecot.sh start "$run/dovecot" "$imap" "$imaps" >/dev/null
scripts/smtp-receiver.sh start "$run/smtp" "$smtp" >/dev/null
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null
  scripts/smtp-receiver.sh stop "$run/smtp"; scripts/dovecot.sh stop "$run/dovecot"
}
trap cleanup EXIT
scripts/dovecot.sh deliver "$run/dovecot" scripts/demo-mail
printf 'secret\n' > "$run/support.password"
cat > "$run/maild.yaml" <<YAML
database: $run/maild.sqlite
control_socket: $run/control.sock
poll_interval: 2s
log_level: info
channels:
  - name: support
    address: support@example.com
    imap:
      url: imaps://127.0.0.1:$imaps
      username: test
      password_file: $run/support.password
      ca_file: $run/dovecot/ca.pem
    smtp:
      url: smtp://127.0.0.1:$smtp            # STARTTLS, then AUTH
      username: test
      password_file: $run/support.password
      ca_file: $run/smtp/ca.pem
    from_name: Example Support
    send_delay: 30s
    sent_folder: Sent
    acknowledgements:
      received:
        subject: "We received your request: {subject}"
        text: |
          Hello {customer},

          thank you for writing. Your request is ticket {ticket}; we will answer soon.
YAML
$maild check-config --config "$run/maild.yaml"
echo "== maild run (log: $run/maild.log)"
$maild run --config "$run/maild.yaml" 2> >(tee "$run/maild.log" >&2) & pid=$!
count=$(ls scripts/demo-mail | wc -l)
n=0
for _ in $(seq 1 100); do
  n=$($maild export messages --config "$run/maild.yaml" | wc -l)
  [ "$n" -ge "$count" ] && break
  sleep 0.3
done
if [ "$n" -lt "$count" ]; then
  echo "demo: only $n of $count messages were imported in 30 s; maild's log:" >&2
  tail -20 "$run/maild.log" >&2
  exit 1
fi
echo "== stored messages (maild export messages)"
$maild export messages --config "$run/maild.yaml" | /usr/bin/python3 scripts/show-messages.py
echo "== tickets (maild export tickets)"
$maild export tickets --config "$run/maild.yaml" | /usr/bin/python3 scripts/show-tickets.py
echo "== an agent replies to ticket 1, with a 3 s undo delay (maild ctl send)"
customer=$($maild export tickets --config "$run/maild.yaml" | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["customer"])')
$maild ctl send --config "$run/maild.yaml" --channel support --ticket 1 --to "$customer" --delay 3 \
  --subject "Re: your printer" --text "Hello, please try turning it off and on again." --actor alice
echo "== a second reply, cancelled within its 30 s undo delay (maild ctl cancel)"
second=$($maild ctl send --config "$run/maild.yaml" --json --channel support --ticket 1 --to "$customer" \
  --subject "Re: your printer" --text "Oops, wrong ticket." --actor alice |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["item"]["id"])')
$maild ctl cancel --config "$run/maild.yaml" "$second" --actor alice
for _ in $(seq 1 100); do
  $maild export outbox --config "$run/maild.yaml" | grep -q '"state":"queued"' || break
  sleep 0.2
done
echo "== the outbox (maild ctl outbox)"
$maild ctl outbox --config "$run/maild.yaml"
echo "== received by the SMTP server on 127.0.0.1:$smtp (acknowledgements and the reply)"
/usr/bin/python3 - "$run/smtp/messages" <<'PY'
import email, email.policy, os, sys
folder = sys.argv[1]
for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
    with open(os.path.join(folder, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print(f"To: {m['To']}\n  Subject: {m['Subject']}\n  Auto-Submitted: {m['Auto-Submitted'] or '-'}  In-Reply-To: {m['In-Reply-To']}")
PY
echo "== tickets after the reply (maild export tickets)"
$maild export tickets --config "$run/maild.yaml" | /usr/bin/python3 scripts/show-tickets.py
if [ "${DEMO_KEEP:-0}" = 1 ]; then echo "== maild keeps running; Ctrl-C stops it"; wait "$pid"; fi
