#!/usr/bin/env bash
# scripts/slurm on a real Slurm (tests/integration/slurm_lab.sh: Debian's slurmctld, slurmd
# and munged as plain processes on 127.0.0.1, with their own config directory): a fetch of
# the SSH lab's fleet cut into 4 shards by an array job, merged by a job that depends on it
# (afterok), equals the one-machine fetch, and the merge job exits with the worst shard's
# code; a shard that fails outright keeps the merge from running.
source "$(dirname "$0")/sshd_lab.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/slurm_lab.sh"
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/setup installs Slurm and munge)" >&2; exit 1; }
done
lab_start
fleet=8
for i in $(seq 0 $((fleet - 1))); do lab_device "r$i" "$i" normal; done
lab_device r3 3 fail  # an error result: the run exits 2
lab_inventory "$WORK/inv" "$fleet"
lab_known_hosts "$fleet" >"$WORK/known_hosts"
ssh=(-I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$LAB/client_key" --ssh-config /dev/null)
stable() { jq -c 'del(.timing_ms) | .outputs |= map(del(.file, .kept))' "$@" | sort; }

# Slurm resolves even 127.0.0.1 with AI_ADDRCONFIG, which glibc answers only when an IPv4
# address other than 127.0.0.1 exists: give this test's own namespace one.
ip addr add 127.0.0.2/8 dev lo
slurm_lab_start "$WORK/slurm" >/dev/null || { echo "FAIL: the Slurm lab did not start" >&2; exit 1; }
trap 'slurm_lab_stop; lab_stop; rm -rf "$WORK"' EXIT
export CFGSWEEP  # the jobs run this build's binary
submit=$SOURCE_DIR/scripts/slurm/submit

run fetch "${ssh[@]}" --out "$WORK/backup-one" -o "$WORK/one.jsonl" -q
one_rc=$rc
expect_eq "$one_rc" 2 "the one-machine fetch: exit 2 (r3 fails)"

read -r array merge < <("$submit" --shards 4 --dir "$WORK/night" --merge-arg --ordered -- \
  fetch "${ssh[@]}" --out "$WORK/backup-slurm" -q)
slurm_lab_wait_jobs -t 180 "$array" "$merge" || fail "the jobs did not finish in 180 s"
expect_eq "$(slurm_lab_job_states "$array" | awk '{print $2, $4}' | sort | uniq -c | xargs)" \
  "4 COMPLETED 0:0" "4 array tasks, each COMPLETED (its exit 2 kept in its manifest)"
expect_eq "$(slurm_lab_job_states "$merge" | awk '{print $2, $4}')" "FAILED $one_rc:0" \
  "the merge job ran after them and exits with the worst shard's code ($one_rc)"
expect_eq "$(ls "$WORK/night"/shard-*.jsonl.shard.json | wc -l)" 4 "a manifest per shard"
expect_eq "$(stable "$WORK/night/merged.jsonl")" "$(stable "$WORK/one.jsonl")" \
  "the merged results equal the one-machine fetch"
expect_eq "$(jq -r .device "$WORK/night/merged.jsonl" | tr '\n' ' ')" "r0 r1 r2 r3 r4 r5 r6 r7 " \
  "--ordered: inventory order"
expect_eq "$(cd "$WORK/backup-slurm" && md5sum ./*.cfg)" "$(cd "$WORK/backup-one" && md5sum ./*.cfg)" \
  "the shards' backups equal the one-machine fetch's"

# A shard that cannot run (its inventory is missing: exit 66) fails its task, and the merge
# job is cancelled instead of merging what is there.
read -r array merge < <("$submit" --shards 2 --dir "$WORK/bad" -- \
  fetch -I "$WORK/no-such-inventory" --known-hosts "$WORK/known_hosts" -q)
slurm_lab_wait_jobs -t 180 "$array" "$merge" || fail "the failing jobs did not finish in 180 s"
expect_eq "$(slurm_lab_job_states "$array" | awk '{print $2, $4}' | sort -u | xargs)" "FAILED 66:0" \
  "a shard that cannot run fails its task with cfgsweep's exit code"
expect_eq "$(slurm_lab_job_states "$merge" | awk '{print $2, $3}')" "CANCELLED DependencyNeverSatisfied" \
  "... and the merge job never runs"
expect_eq "$([ -e "$WORK/bad/merged.jsonl" ] && echo merged)" "" "... so nothing is merged"
finish
