#!/usr/bin/env bash
# A real SMTP server (scripts/smtp_receiver.py on aiosmtpd) for maild's tests and benchmarks.
#
#   smtp-receiver.sh start DIR PORT   listen on 127.0.0.1:PORT; messages land in DIR/messages
#   smtp-receiver.sh stop DIR         stop and wait until the process is gone
#
# Behaviour per transaction comes from DIR/mode (ok, 451, 451-once, 550, 550-rcpt:ADDR[,ADDR]);
# STARTTLS with DIR/ca.pem as the CA; optional AUTH PLAIN/LOGIN as test/secret. Details in
# smtp_receiver.py's docstring and docs/testing.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=harness-lib.sh
. "$here/harness-lib.sh"
usage() { sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

receiver_pid() { cat "$1/pid" 2>/dev/null || true; }

cmd_start() { # DIR PORT
  [ $# -eq 2 ] || usage
  local dir port=$2 pid
  dir=$(absdir "$1")
  pid=$(receiver_pid "$dir")
  [ -n "$pid" ] && alive "$pid" && die "already running in $dir (pid $pid); stop it first"
  ports_free "$port"
  "$here/test-cert.sh" "$dir"
  rm -f "$dir/pid"
  # /usr/bin/python3, not python3: a pyenv python3 earlier on PATH does not see Debian's aiosmtpd.
  # setsid and redirected stdio: the server must not hold the caller's pipes or die with its
  # process group (a caller capturing our output would otherwise wait for the server to exit).
  setsid /usr/bin/python3 "$here/smtp_receiver.py" "$dir" "$port" </dev/null >>"$dir/smtp.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/pid"
  wait_ports "$pid" "$dir/smtp.log" "$port"
  echo "smtp receiver pid $pid: smtp://127.0.0.1:$port (STARTTLS, optional AUTH test/secret)"
  echo "ca: $dir/ca.pem messages: $dir/messages mode: $dir/mode log: $dir/smtp.log"
}

cmd_stop() { # DIR
  [ $# -eq 1 ] || usage
  local dir=$1 pid
  pid=$(receiver_pid "$dir")
  [ -n "$pid" ] && alive "$pid" || return 0
  if ! term_and_wait "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    echo "smtp-receiver.sh: receiver in $dir ignored SIGTERM for 5 s; killed" >&2
  fi
  rm -f "$dir/pid"
}

[ $# -ge 1 ] || usage
cmd=$1; shift
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  *) usage ;;
esac
