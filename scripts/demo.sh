#!/usr/bin/env bash
# The local demo: maild for real against its own Dovecot on 127.0.0.1, with sample mail.
# Installs what is missing, builds, starts Dovecot, delivers scripts/demo-mail/*, runs the daemon until the
# mail is imported, shows what was stored, then stops everything (DEMO_KEEP=1 keeps the daemon running).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build --product maild
maild=.build/debug/maild
run=$PWD/demo-run
rm -rf "$run"; mkdir -p "$run"
ports=($(/usr/bin/python3 scripts/free-port.py 2)); imap=${ports[0]} imaps=${ports[1]}
scripts/dovecot.sh start "$run/dovecot" "$imap" "$imaps" >/dev/null
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; scripts/dovecot.sh stop "$run/dovecot"; }
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
if [ "${DEMO_KEEP:-0}" = 1 ]; then echo "== maild keeps running; Ctrl-C stops it"; wait "$pid"; fi
