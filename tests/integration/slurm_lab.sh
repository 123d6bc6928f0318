#!/usr/bin/env bash
# slurm_lab.sh: a private, throw-away single-node Slurm cluster run as plain
# processes (no systemd, no cgroups), for test suites.
#
# Debian 12 (bookworm) packages (Slurm 22.05.8, MUNGE 0.5.15):
#   apt-get update
#   apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
# (pulls in automatically: slurm-wlm-basic-plugins libmunge2 libhwloc15 liblua5.1-0)
# Also used: python3 (free-port lookup; falls back to random ports checked
# with `ss`), coreutils, procps.  The munge package's postinst writes
# /etc/munge/munge.key; this lab never reads or writes it.
#
# Usage (source it):
#   source slurm_lab.sh
#   trap slurm_lab_stop EXIT
#   slurm_lab_start            # optional arg / $SLURM_LAB_DIR: directory to use
#   sbatch ...; slurm_lab_wait_jobs <jobid>...
#   slurm_lab_stop
#
# After slurm_lab_start these are exported: SLURM_LAB_DIR, SLURM_CONF,
# SLURM_LAB_NODE, SLURM_LAB_CTLD_PORT, SLURM_LAB_SLURMD_PORT, SLURM_LAB_MUNGE_SOCKET.
# Everything (config, key, sockets, pids, logs, state, spool) lives under
# $SLURM_LAB_DIR; nothing is written to /etc, /run, /var.  Daemons and jobs run
# as root (SlurmUser=root).  Daemons talk over 127.0.0.1; they listen on
# 127.0.0.1 only if the host name resolves to a loopback address, else 0.0.0.0.
#
# Tunables (env): SLURM_LAB_TIMEOUT (start-up wait, s, default 60),
# SLURM_LAB_CPUS (default: nproc), SLURM_LAB_NODE (default: labnode),
# SLURM_LAB_EXTRA_CONF (lines appended to slurm.conf).
#
# The functions do not change the caller's shell options and work under
# `set -euo pipefail`.

_slurm_lab_log() { printf 'slurm_lab: %s\n' "$*" >&2; }

# Print one free TCP port on 127.0.0.1 (not one of the ports given as args).
_slurm_lab_free_port() {
    local p i
    for i in $(seq 1 50); do
        if command -v python3 >/dev/null 2>&1; then
            p=$(python3 -c 'import socket
s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null) || p=""
        fi
        if [ -z "${p:-}" ]; then
            p=$(( 20000 + RANDOM % 30000 ))
        fi
        case " $* " in *" $p "*) continue ;; esac
        if ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then continue; fi
        printf '%s\n' "$p"
        return 0
    done
    _slurm_lab_log "could not find a free TCP port"
    return 1
}

_slurm_lab_dump_logs() {
    local d=${SLURM_LAB_DIR:-} f
    [ -n "$d" ] || return 0
    for f in "$d"/log/munged.log "$d"/log/slurmctld.log "$d"/log/slurmd.log \
             "$d"/log/slurmctld.out "$d"/log/slurmd.out "$d"/log/munged.out; do
        [ -s "$f" ] || continue
        printf '===== %s (last 40 lines) =====\n' "$f" >&2
        tail -n 40 "$f" >&2
    done
}

# Is process $1 alive?  A zombie counts as dead: daemonized processes are
# re-parented to PID 1, which may reap late (or never, e.g. `tail -f` as PID 1
# in a container without --init), and kill -0 succeeds on zombies.
_slurm_lab_alive() {
    local st
    kill -0 "$1" 2>/dev/null || return 1
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [ "${st%% *}" != Z ]
}

# Is the process in pid file $1 alive?
_slurm_lab_pid_alive() {
    local pid
    [ -s "$1" ] || return 1
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && _slurm_lab_alive "$pid"
}

# Wait (up to $2 s, 0.1 s steps) for pid file $1 to name a live process.
_slurm_lab_wait_pidfile() {
    local f=$1 n=$(( $2 * 10 )) i
    for (( i = 0; i < n; i++ )); do
        _slurm_lab_pid_alive "$f" && return 0
        sleep 0.1
    done
    return 1
}

slurm_lab_start() {
    local dir=${1:-${SLURM_LAB_DIR:-}}
    local timeout=${SLURM_LAB_TIMEOUT:-60}
    local cpus=${SLURM_LAB_CPUS:-$(nproc)}
    local node=${SLURM_LAB_NODE:-labnode}
    local host ctld_port slurmd_port sock i state t0
    t0=$(date +%s.%N)

    for i in munged slurmctld slurmd sinfo scontrol; do
        command -v "$i" >/dev/null 2>&1 || {
            _slurm_lab_log "missing $i; apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge"
            return 1
        }
    done

    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/slurm-lab.XXXXXX") || return 1
    fi
    mkdir -p "$dir" || return 1
    if _slurm_lab_pid_alive "$dir/run/slurmctld.pid" || _slurm_lab_pid_alive "$dir/run/munged.pid"; then
        _slurm_lab_log "a lab is already running in $dir (call slurm_lab_stop first)"
        return 1
    fi
    dir=$(cd "$dir" && pwd -P) || return 1
    # munged refuses group/other-writable dirs on the socket/key paths; the
    # socket dir must be world-searchable (0755) or munged warns.  The key
    # itself is 0600.
    chmod 0755 "$dir"
    mkdir -p "$dir"/{etc,munge,log,run,state,spool,jobs}
    chmod 0755 "$dir"/{etc,munge,log,run,jobs}
    chmod 0700 "$dir"/{state,spool}
    mkdir -p "$dir/spool/slurmd.$node"       # SlurmdSpoolDir (slurmd.%n)

    export SLURM_LAB_DIR=$dir
    export SLURM_CONF=$dir/etc/slurm.conf
    export SLURM_LAB_NODE=$node
    sock=$dir/munge/munge.socket.2
    export SLURM_LAB_MUNGE_SOCKET=$sock

    host=$(hostname -s)
    ctld_port=$(_slurm_lab_free_port) || return 1
    slurmd_port=$(_slurm_lab_free_port "$ctld_port") || return 1
    export SLURM_LAB_CTLD_PORT=$ctld_port SLURM_LAB_SLURMD_PORT=$slurmd_port

    # ---- munge ---------------------------------------------------------
    if [ ! -s "$dir/munge/munge.key" ]; then
        dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none || return 1
    fi
    chmod 0600 "$dir/munge/munge.key"
    # --force: munged refuses to run as root otherwise.
    munged --force \
        --socket="$sock" \
        --key-file="$dir/munge/munge.key" \
        --pid-file="$dir/run/munged.pid" \
        --log-file="$dir/log/munged.log" \
        --seed-file="$dir/munge/munged.seed" \
        >"$dir/log/munged.out" 2>&1 || {
        _slurm_lab_log "munged failed to start"; _slurm_lab_dump_logs; return 1; }
    if ! _slurm_lab_wait_pidfile "$dir/run/munged.pid" 10; then
        _slurm_lab_log "munged did not come up"; _slurm_lab_dump_logs; return 1
    fi

    # ---- slurm.conf ----------------------------------------------------
    cat >"$SLURM_CONF" <<EOF
# generated by slurm_lab.sh -- private single-node lab cluster
ClusterName=lab
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${sock}
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool/slurmd.%n
SlurmctldPidFile=${dir}/run/slurmctld.pid
SlurmdPidFile=${dir}/run/slurmd.%n.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups, no accounting daemon
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${dir}/log/jobcomp.log
MpiDefault=none
SwitchType=switch/none
# several 1-CPU tasks share the node
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# batch_sched_delay=0: start jobs right away (default waits up to 3 s per step).
# A failed afterok dependency leaves the job PENDING (DependencyNeverSatisfied)
# unless sbatch --kill-on-invalid-dep=yes (or kill_invalid_depend here).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=${node} NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=1000 State=UNKNOWN
PartitionName=lab Nodes=${node} Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
    # Listen on 127.0.0.1 only.  Slurm binds to the address the host name
    # resolves to, so only do it when that is a loopback address (as in
    # /etc/hosts here); otherwise the daemons listen on 0.0.0.0 (default).
    if getent ahostsv4 "$host" 2>/dev/null | awk 'NR==1{exit !($1 ~ /^127\./)}'; then
        echo "CommunicationParameters=NoCtldInAddrAny,NoInAddrAny" >>"$SLURM_CONF"
    fi
    if [ -n "${SLURM_LAB_EXTRA_CONF:-}" ]; then
        printf '%s\n' "$SLURM_LAB_EXTRA_CONF" >>"$SLURM_CONF"
    fi

    # ---- slurmctld / slurmd (daemonized, pid files) ---------------------
    # -c: cold start (ignore any saved state in a reused dir)
    slurmctld -c -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 || {
        _slurm_lab_log "slurmctld failed to start"; _slurm_lab_dump_logs; return 1; }
    if ! _slurm_lab_wait_pidfile "$dir/run/slurmctld.pid" 20; then
        _slurm_lab_log "slurmctld did not come up"; _slurm_lab_dump_logs; return 1
    fi
    slurmd -N "$node" -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 || {
        _slurm_lab_log "slurmd failed to start"; _slurm_lab_dump_logs; return 1; }
    if ! _slurm_lab_wait_pidfile "$dir/run/slurmd.$node.pid" 20; then
        _slurm_lab_log "slurmd did not come up"; _slurm_lab_dump_logs; return 1
    fi

    # ---- wait for the node to be idle ----------------------------------
    state=""
    for (( i = 0; i < timeout * 5; i++ )); do
        state=$(sinfo -h -n "$node" -o '%T' 2>/dev/null | head -n1) || state=""
        case "$state" in
            idle) break ;;
            *drain*|*down*|*fail*|*inval*)
                # slurmd registered with a problem: try to resume it
                scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true ;;
        esac
        if ! _slurm_lab_pid_alive "$dir/run/slurmctld.pid" || \
           ! _slurm_lab_pid_alive "$dir/run/slurmd.$node.pid"; then
            _slurm_lab_log "a Slurm daemon died during start-up"; break
        fi
        sleep 0.2
    done
    if [ "$state" != idle ]; then
        _slurm_lab_log "node $node not idle after ${timeout}s (state: '${state}')"
        scontrol show node "$node" >&2 2>/dev/null || true
        _slurm_lab_dump_logs
        return 1
    fi
    _slurm_lab_log "up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: dir=$dir ctld=127.0.0.1:$ctld_port slurmd=:$slurmd_port node=$node cpus=$cpus"
    return 0
}

# Wait until every job / array task given is finished.
# Finished = COMPLETED FAILED CANCELLED TIMEOUT ... or PENDING with reason
# DependencyNeverSatisfied (only seen without --kill-on-invalid-dep).
# usage: slurm_lab_wait_jobs [-t seconds] jobid...   (returns 1 on timeout)
slurm_lab_wait_jobs() {
    local timeout=120 i id out pending
    if [ "${1:-}" = -t ]; then timeout=$2; shift 2; fi
    for (( i = 0; i < timeout * 5; i++ )); do
        pending=0
        for id in "$@"; do
            out=$(scontrol -o show job "$id" 2>/dev/null) || out=""
            [ -n "$out" ] || continue     # unknown / purged: treat as done
            if printf '%s\n' "$out" | grep -E 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING|SIGNALING|STAGE_OUT)' \
                 | grep -vq 'Reason=DependencyNeverSatisfied'; then
                pending=1
            fi
        done
        [ "$pending" = 0 ] && return 0
        sleep 0.2
    done
    _slurm_lab_log "timeout waiting for jobs: $*"
    return 1
}

# Print "<JobId> <JobState> <Reason> <ExitCode>" for each record of a job
# (one line per array task).
slurm_lab_job_states() {
    scontrol -o show job "$1" 2>/dev/null |
        awk '{ id=""; st=""; rs=""; ec=""; at=""; aj="";
               for (i = 1; i <= NF; i++) {
                 split($i, kv, "=");
                 if (kv[1] == "JobId") id = kv[2];
                 else if (kv[1] == "ArrayJobId") aj = kv[2];
                 else if (kv[1] == "ArrayTaskId") at = kv[2];
                 else if (kv[1] == "JobState") st = kv[2];
                 else if (kv[1] == "Reason") rs = kv[2];
                 else if (kv[1] == "ExitCode") ec = kv[2]; }
               if (at != "") id = aj "_" at;
               print id, st, rs, ec }'
}

# TERM the processes named by the pid files given, wait up to 20 s, then KILL.
_slurm_lab_kill_pidfiles() {
    local f pid i pids="" alive
    for f in "$@"; do
        [ -s "$f" ] || continue
        pid=$(cat "$f" 2>/dev/null) || continue
        [ -n "$pid" ] || continue
        _slurm_lab_alive "$pid" || continue
        kill -TERM "$pid" 2>/dev/null || true
        pids="$pids $pid"
    done
    for (( i = 0; i < 200; i++ )); do
        alive=""
        for pid in $pids; do
            _slurm_lab_alive "$pid" && alive="$alive $pid"
        done
        [ -z "$alive" ] && return 0
        sleep 0.1
    done
    for pid in $alive; do
        _slurm_lab_log "pid $pid ignored SIGTERM for 20s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    done
    return 0
}

# Stop the lab: cancel jobs, TERM the daemons by pid file, wait, KILL if
# needed.  Idempotent; safe from an EXIT trap; removes no files.
slurm_lab_stop() {
    local d=${SLURM_LAB_DIR:-} f pid i ids
    [ -n "$d" ] && [ -d "$d/run" ] || return 0
    local SLURM_CONF=$d/etc/slurm.conf     # this lab, whatever the caller set
    if _slurm_lab_pid_alive "$d/run/slurmctld.pid"; then
        # cancel leftovers so no slurmstepd/job process outlives the lab
        ids=$(squeue -h -o %i 2>/dev/null) || ids=""
        if [ -n "$ids" ]; then
            scancel --quiet $ids >/dev/null 2>&1 || true
            for (( i = 0; i < 50; i++ )); do
                squeue -h -t RUNNING,COMPLETING 2>/dev/null | grep -q . || break
                sleep 0.2
            done
        fi
    fi
    # TERM slurmd and slurmctld together (slurmctld alone takes a few s to
    # save state and exit), then munged once they are gone.
    _slurm_lab_kill_pidfiles "$d"/run/slurmd.*.pid "$d/run/slurmctld.pid"
    _slurm_lab_kill_pidfiles "$d/run/munged.pid"
    # Safety net (normally empty): slurmstepd processes of this lab that
    # outlived slurmd (e.g. slurmd was SIGKILLed), plus their job processes.
    local steps="" kill_list
    for f in /proc/[0-9]*; do
        pid=${f#/proc/}
        [ "$(cat "$f/comm" 2>/dev/null)" = slurmstepd ] || continue
        _slurm_lab_alive "$pid" || continue
        if tr '\0' '\n' 2>/dev/null <"$f/environ" | grep -qxF "SLURM_CONF=$SLURM_CONF"; then
            steps="$steps $pid"
        fi
    done
    if [ -n "$steps" ]; then
        kill_list=$(ps -e -o pid=,ppid= 2>/dev/null | awk -v roots="$steps" '
            { kids[$2] = kids[$2] " " $1 }
            END { n = split(roots, q, " "); out = "";
                  for (i = 1; i <= n; i++) { p = q[i]; out = out " " p;
                      m = split(kids[p], c, " "); for (j = 1; j <= m; j++) q[++n] = c[j] }
                  print out }')
        _slurm_lab_log "killing leftover job processes:$kill_list"
        kill -KILL $kill_list 2>/dev/null || true
    fi
    return 0
}

