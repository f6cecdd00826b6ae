#!/usr/bin/env bash
# A single-node Slurm cluster in one folder, for the CI test of Documentation/ScaleOut.md:
#
#   Tools/slurm/cluster.sh start DIR   # munged, slurmctld and slurmd, all state under DIR
#   export SLURM_CONF=DIR/slurm.conf   # then sbatch, squeue, scancel … talk to it
#   Tools/slurm/cluster.sh stop DIR    # cancels what is left, stops the daemons it started
#
# The daemons' own output goes to DIR/log/*.out (their logs to DIR/log/*.log). Run as root (slurmd starts jobs as their user). Needs Debian's slurm-wlm and munge. Its own
# munge socket and free ports, so a machine's real munged or Slurm (if any) is left alone; the
# daemons are stopped by the PIDs this script started, kept in DIR/*.pid.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 64; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

# A port nobody listens on now (the kernel's choice, released at once).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

start() {
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$0: '$tool' is missing (apt-get install slurm-wlm munge)" >&2; exit 1; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "$0: run as root (slurmd starts jobs as their user)" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # munged refuses keys and sockets in folders others may write to.
  chmod 0755 "$dir"
  mkdir -p "$dir/munge" "$dir/ctld" "$dir/spool" "$dir/log"
  chmod 0700 "$dir/munge"
  mungekey --create --keyfile="$dir/munge/munge.key" --force
  chmod 0600 "$dir/munge/munge.key"
  /usr/sbin/munged --foreground --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid.own" --seed-file="$dir/munge/munged.seed" --log-file="$dir/log/munged.log" \
    </dev/null >>"$dir/log/munged.out" 2>&1 &
  echo $! >"$dir/munged.pid"
  wait_for 10 test -S "$dir/munge/munge.socket" || { echo "$0: munged did not start:" >&2; cat "$dir/log/munged.out" >&2; exit 1; }

  cat >"$dir/slurm.conf" <<EOF
# A one-node cluster for the CI (Tools/slurm/cluster.sh); everything under $dir.
ClusterName=cdx-ci
SlurmctldHost=localhost
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid.own
SlurmdPidFile=$dir/slurmd.pid.own
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
# The node as written here, whatever the machine reports (a CI runner's cores vary).
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=2048 State=UNKNOWN
PartitionName=cdx Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  /usr/sbin/slurmctld -D -i -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmctld.out" 2>&1 &
  echo $! >"$dir/slurmctld.pid"
  wait_for 20 sinfo || { echo "$0: slurmctld did not answer:" >&2; tail -20 "$dir/log/slurmctld.log" >&2; exit 1; }
  /usr/sbin/slurmd -D -N localhost -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmd.out" 2>&1 &
  echo $! >"$dir/slurmd.pid"
  idle() { sinfo -h -N -o '%T' | grep -qx idle; }
  wait_for 30 idle || {
    echo "$0: the node did not come up idle:" >&2
    sinfo -N >&2 || true
    tail -20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
    exit 1
  }
  echo "a one-node Slurm is up: export SLURM_CONF=$SLURM_CONF"
}

stop() {
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/slurm.conf" ] && [ -f "$dir/slurmctld.pid" ]; then
    SLURM_CONF=$dir/slurm.conf scancel --quiet --full --user="$(id -un)" 2>/dev/null || true
  fi
  # slurmd before slurmctld before munged: each needs the next while it shuts down.
  for daemon in slurmd slurmctld munged; do
    local file="$dir/$daemon.pid"
    [ -f "$file" ] || continue
    local pid
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      local deadline=$((SECONDS + 15))
      while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
