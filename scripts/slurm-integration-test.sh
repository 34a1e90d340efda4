#!/usr/bin/env bash
# Integration test of scripts/slurm-array.sh on a real single-node SLURM cluster on localhost:
# installs slurm (slurmctld, slurmd, slurm-client) and munge from Debian's packages when absent,
# starts a private munged, slurmctld and slurmd without systemd, runs a 4-task array of
# scenarios/emergency-department.yaml plus the dependent merge, checks that the merged document
# equals the local unsharded run byte for byte, and stops the daemons it started by their PIDs.
# Everything (config, key, socket, state, logs) lives in a temporary folder; nothing under /etc.
# Needs root. Exit 0 on success. Without systemd or cgroups, the settings that matter are: a
# private munge socket (AuthInfo), process tracking by /proc (proctrack/linuxproc, task/none), no
# accounting, and daemons run in the foreground by this script and stopped by their PIDs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
simrun="$here/.build/release/simrun"
[ -x "$simrun" ] || { echo "build simrun first: scripts/build --product simrun" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "the SLURM integration test needs root" >&2; exit 2; }
W=$(mktemp -d /tmp/hospsim-slurm.XXXXXX)
chmod 755 "$W"
ntasks=${NTASKS:-4}
H=$(hostname -s)
MUNGE_PID="" CTLD_PID="" SLURMD_PID="" MADE_POLICY=0 OK=0

stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT
  stop_pid "$SLURMD_PID"; stop_pid "$CTLD_PID"; stop_pid "$MUNGE_PID"
  [ "$MADE_POLICY" = 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$OK" != 1 ]; then for f in "$W"/log/* "$W"/out/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done; fi
  rm -rf "$W"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "slurm integration: FAIL: $*" >&2; exit 1; }

if ! { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged; } >/dev/null; then
  # Without systemd, the packages' postinst would try to start the services: forbid it for the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; MADE_POLICY=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
  [ "$MADE_POLICY" = 1 ] && rm -f /usr/sbin/policy-rc.d && MADE_POLICY=0
fi

unset $(compgen -e | grep '^SLURM_' || true)
mkdir -p "$W"/{munge,munge-key,etc,ctld,d,log,out}
chmod 755 "$W/munge"; chmod 700 "$W/munge-key"
head -c 1024 /dev/urandom > "$W/munge-key/munge.key"; chmod 400 "$W/munge-key/munge.key"
node=$(slurmd -C 2>/dev/null | head -n 1 | sed 's/^NodeName=[^ ]* //')
[ -n "$node" ] || node="CPUs=$(nproc)"
export SLURM_CONF=$W/etc/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=hospsim
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=${CTLD_PORT:-16827}
SlurmdPort=${SLURMD_PORT:-16828}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.sock
StateSaveLocation=$W/ctld
SlurmdSpoolDir=$W/d
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
DependencyParameters=kill_invalid_depend
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
NodeName=$H NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=main Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF

/usr/sbin/munged --foreground --socket="$W/munge/munge.sock" --key-file="$W/munge-key/munge.key" \
  --pid-file="$W/munge/munged.pid" --seed-file="$W/munge-key/munged.seed" --log-file="$W/log/munged.log" \
  </dev/null >>"$W/log/munged.out" 2>&1 &
MUNGE_PID=$!
for i in $(seq 100); do
  munge -n -S "$W/munge/munge.sock" 2>/dev/null | unmunge -S "$W/munge/munge.sock" >/dev/null 2>&1 && break
  sleep 0.1
done
slurmctld -D -i </dev/null >>"$W/log/slurmctld.out" 2>&1 &
CTLD_PID=$!
slurmd -D </dev/null >>"$W/log/slurmd.out" 2>&1 &
SLURMD_PID=$!
deadline=$((SECONDS + 60)); state=""
while [ $SECONDS -lt $deadline ]; do
  state=$(timeout 10 sinfo -h -n "$H" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || die "the node did not become idle (state '$state')"

flags=(--replications 8 --horizon "7 day" --format json)
read -r array merge < <(SIMRUN="$simrun" "$here/scripts/slurm-array.sh" "$here/scenarios/emergency-department.yaml" "$ntasks" "$W/out" "${flags[@]}")
deadline=$((SECONDS + 180))
while [ $SECONDS -lt $deadline ]; do
  [ -z "$(timeout 10 squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
  sleep 0.3
done
[ "$(scontrol show job -o "$array" | grep -c 'JobState=COMPLETED .*ExitCode=0:0')" = "$ntasks" ] || die "not every array task completed"
scontrol show job -o "$merge" | grep -q 'JobState=COMPLETED .*ExitCode=0:0' || die "the merge job did not complete"
"$simrun" run "$here/scenarios/emergency-department.yaml" "${flags[@]}" --out "$W/out/local.json"
cmp "$W/out/result.json" "$W/out/local.json" || die "the merged document differs from the local run"
echo "slurm integration: $ntasks-task array $array merged by job $merge equals the local run byte for byte ($(wc -c < "$W/out/local.json") bytes)"
OK=1
