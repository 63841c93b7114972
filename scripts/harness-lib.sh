# Shell helpers shared by the test-server scripts (dovecot.sh, smtp-receiver.sh); sourced, not run.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

absdir() { mkdir -p "$1" && (cd "$1" && pwd -P); }

# True if any PID is alive. Not `kill -0`: it also succeeds on zombies, and this VM's init reaps
# orphans (daemonized servers, their children once the parent is gone) only about once a second.
alive() {
  local p state
  for p in "$@"; do
    state=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -c1)
    [ -n "$state" ] && [ "$state" != Z ] && return 0
  done
  return 1
}

# Prints the pids of PID's children. From /proc rather than pgrep: procps is missing on slim images.
children() {
  local stat line rest
  for stat in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null < "$stat" || continue
    rest=${line##*) } # after "pid (comm) ": "state ppid ..."; comm may hold spaces and parens
    rest=${rest#* }
    [ "${rest%% *}" = "$1" ] && echo "${line%% *}"
  done
  return 0
}

# Sends SIGTERM to PIDs and waits up to 5 s for them to exit; false if one outlives that.
term_and_wait() {
  local i
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 250; i++)); do
    alive "$@" || return 0
    sleep 0.02
  done
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Dies if a PORT already accepts connections: the wait below would mistake that server for ours.
ports_free() {
  local p
  for p in "$@"; do
    [[ $p =~ ^[0-9]+$ ]] || die "port must be a number, got '$p'"
    ! port_open "$p" || die "port $p on 127.0.0.1 is already in use"
  done
}

# Waits up to 10 s until every PORT accepts, while PID lives; LOG's tail is shown on failure.
wait_ports() { # PID LOG PORT...
  local pid=$1 log=$2 i p ready
  shift 2
  for ((i = 0; i < 500; i++)); do
    ready=1
    for p in "$@"; do port_open "$p" || { ready=0; break; }; done
    [ "$ready" -eq 1 ] && return 0
    alive "$pid" || { tail -n 20 "$log" >&2; die "server exited during start (log above, full log: $log)"; }
    sleep 0.02
  done
  die "server did not open port(s) $* within 10 s (see $log)"
}
