#!/usr/bin/env bash
# Scale-out over SSH (docs/scale-out.md): fetch and run of the lab's fleet cut into 1, 2 and
# 4 shards (--shard I/N) or by site (--shard-by data.site=...), each shard fetching only its
# own devices, merged by `cfgsweep merge` into the one-machine run: the same lines, the same
# backups, the same run store, the same exit code.
source "$(dirname "$0")/sshd_lab.sh"
source "$(dirname "$0")/lib.sh"
lab_start

fleet=12
for i in $(seq 0 $((fleet - 1))); do lab_device "r$i" "$i" normal; done
lab_device r5 5 fail  # its command fails: an error result, in one shard only
inv=$WORK/inv
lab_inventory "$inv" "$fleet"
# Two sites, and r11 in none.
{
  for i in $(seq 0 $((fleet - 1))); do
    printf 'r%d:\n  hostname: %s\n  groups: [lab]\n' "$i" "$(lab_address "$i")"
    [ "$i" = 11 ] || printf '  data:\n    site: dc%d\n' $((i % 2 + 1))
  done
} >"$inv/hosts.yaml"
printf 'username: %s\n' "$LAB_USER" >"$inv/defaults.yaml"
lab_known_hosts "$fleet" >"$WORK/known_hosts"
ssh=(-I "$inv" --known-hosts "$WORK/known_hosts" -i "$LAB/client_key" --ssh-config /dev/null)
policy=$SOURCE_DIR/samples/policies/common.yaml
# The lines without what changes from one fetch to the next (durations), in one order.
stable() { jq -c 'del(.timing_ms, .parse_ms)' "$@" | sort; }
store_view() { "$CFGSWEEP" "$1" --store "$2" | jq -c 'del(.at, .started_at, .ended_at, .argv, .configs[]?.at)'; }

run fetch "${ssh[@]}" --out "$WORK/backup" -o "$WORK/fetch-one.jsonl" --store "$WORK/fetch-one.db" -q
fetch_rc=$rc
expect_eq "$fetch_rc" 2 "one-machine fetch: r5 failed, exit 2"
run run "${ssh[@]}" --policy "$policy" -o "$WORK/run-one.jsonl" --store "$WORK/run-one.db" -q
run_rc=$rc

for n in 1 2 4; do
  fetched=() checked=()
  for i in $(seq 0 $((n - 1))); do
    run fetch "${ssh[@]}" --shard "$i/$n" --out "$WORK/backup-$n" -o "$WORK/f$n-$i.jsonl" \
      --store "$WORK/f$n-$i.db" -q
    fetched+=("$WORK/f$n-$i.jsonl")
    run run "${ssh[@]}" --policy "$policy" --shard "$i/$n" -o "$WORK/r$n-$i.jsonl" \
      --store "$WORK/r$n-$i.db" -q
    checked+=("$WORK/r$n-$i.jsonl")
  done
  expect_eq "$(cat "${fetched[@]}" | jq -r .device | sort | uniq -d | wc -l)" 0 "$n shards: no device fetched twice"
  run merge "${fetched[@]}" --ordered -o "$WORK/fetch-m$n.jsonl" --store "$WORK/fetch-m$n.db" -q
  expect_eq "$rc" "$fetch_rc" "fetch, $n shards: merge exits as the one-machine fetch"
  expect_eq "$(stable "$WORK/fetch-m$n.jsonl" | sed "s|/backup-$n/|/backup/|g")" \
    "$(stable "$WORK/fetch-one.jsonl")" "fetch, $n shards: the merged lines are the one-machine fetch's"
  expect_eq "$(jq -r .device "$WORK/fetch-m$n.jsonl" | tr '\n' ' ')" \
    "$(printf 'r%d ' $(seq 0 $((fleet - 1))))" "fetch, $n shards: --ordered is inventory order"
  expect_eq "$(cd "$WORK/backup-$n" && md5sum ./*.cfg)" "$(cd "$WORK/backup" && md5sum ./*.cfg)" \
    "fetch, $n shards: the same backups"
  expect_eq "$(store_view history "$WORK/fetch-m$n.db")" "$(store_view history "$WORK/fetch-one.db")" \
    "fetch, $n shards: the merged store's history"
  run merge "${checked[@]}" -o "$WORK/run-m$n.jsonl" --store "$WORK/run-m$n.db" -q
  expect_eq "$rc" "$run_rc" "run, $n shards: merge exits as the one-machine run"
  expect_eq "$(stable "$WORK/run-m$n.jsonl")" "$(stable "$WORK/run-one.jsonl")" \
    "run, $n shards: the merged lines are the one-machine run's"
  for what in runs history; do
    expect_eq "$(store_view "$what" "$WORK/run-m$n.db")" "$(store_view "$what" "$WORK/run-one.db")" \
      "run, $n shards: the merged store's $what"
  done
done

# By site: each site's shard from "inside" it, and the hosts without a site in a shard of
# their own.
for site in dc1 dc2 ""; do
  run fetch "${ssh[@]}" --shard-by "data.site=$site" -o "$WORK/site-$site.jsonl" -q
  expect_eq "$(jq -r .device "$WORK/site-$site.jsonl" | sort -V | tr '\n' ' ')" \
    "$(case $site in dc1) echo 'r0 r2 r4 r6 r8 r10 ' ;; dc2) echo 'r1 r3 r5 r7 r9 ' ;; *) echo 'r11 ' ;; esac)" \
    "--shard-by data.site=$site fetches that site's devices only"
done
run merge "$WORK/site-dc1.jsonl" "$WORK/site-dc2.jsonl" "$WORK/site-.jsonl" --ordered -o "$WORK/sites.jsonl" -q
expect_eq "$rc" "$fetch_rc" "merge of the sites: the one-machine exit code"
expect_eq "$(stable "$WORK/sites.jsonl" | jq -c 'del(.outputs)')" "$(stable "$WORK/fetch-one.jsonl" | jq -c 'del(.outputs)')" \
  "merge of the sites: the one-machine fetch"
run merge "$WORK/site-dc1.jsonl" "$WORK/site-dc2.jsonl"
expect_eq "$rc" 66 "a site missing: exit 66"
expect_match "$(cat "$WORK/err")" "shard data.site= is missing \(run it with --shard-by data.site=\)" \
  "... naming the site and what to run"
# remediate -I by site: each site's devices remediated where they are fetched, a device the
# inventory does not hold (x9) in the shard of the hosts without a site.
mkdir -p "$WORK/intended"
for i in $(seq 0 $((fleet - 1))); do
  sed 's/^ntp server .*/ntp server 192.0.2.99/' "$LAB/devices/$(lab_address "$i")/config" >"$WORK/intended/r$i.cfg"
done
cp "$WORK/intended/r0.cfg" "$WORK/intended/x9.cfg"
run remediate "${ssh[@]}" --intended "$WORK/intended" -o "$WORK/rem-one.jsonl"
rem_rc=$rc
for site in dc1 dc2 ""; do
  run remediate "${ssh[@]}" --intended "$WORK/intended" --shard-by "data.site=$site" -o "$WORK/rem-$site.jsonl"
done
run merge "$WORK/rem-dc1.jsonl" "$WORK/rem-dc2.jsonl" "$WORK/rem-.jsonl" --ordered -o "$WORK/rem-merged.jsonl" -q
expect_eq "$rc" "$rem_rc" "remediate by site: the one-machine exit code"
expect_eq "$(md5sum <"$WORK/rem-merged.jsonl")" "$(md5sum <"$WORK/rem-one.jsonl")" \
  "remediate by site, merged: the one-machine remediation, line for line"
expect_eq "$(jq -r .device "$WORK/rem-.jsonl" | sort | xargs)" "r11 x9" \
  "the shard without a site: its host and the device the inventory does not hold"
run merge "$WORK/rem-dc1.jsonl" "$WORK/rem-dc2.jsonl"
expect_match "$(cat "$WORK/err")" "shard data.site= is missing" "remediate: the shard without a site is missed"

# A host moved to another site between two shards' runs: the shards are of two runs (the
# host would be in neither, or in both), and merge says so instead of losing it.
run fetch "${ssh[@]}" --shard-by data.site=dc1 -o "$WORK/move-dc1.jsonl" -q
sed -i '/^r2:/,/^r3:/s/site: dc1/site: dc2/' "$inv/hosts.yaml"
run fetch "${ssh[@]}" --shard-by data.site=dc2 -o "$WORK/move-dc2.jsonl" -q
run fetch "${ssh[@]}" --shard-by data.site= -o "$WORK/move-none.jsonl" -q
run merge "$WORK/move-dc1.jsonl" "$WORK/move-dc2.jsonl" "$WORK/move-none.jsonl"
expect_eq "$rc" 64 "a host moved between the shards' runs: refused"
expect_match "$(cat "$WORK/err")" "a shard of another run" "... as a shard of another run"

run fetch "${ssh[@]}" --shard-by group=lab -o "$WORK/g.jsonl"
expect_eq "$rc" 64 "--shard-by on a field with several values per host: a usage error"
finish
