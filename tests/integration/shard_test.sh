#!/usr/bin/env bash
# Scale-out (docs/scale-out.md): a run cut into 1, 2 and 4 shards (--shard I/N) and put back
# together by `cfgsweep merge` is the one-machine run: the same JSON Lines (in input order
# with --ordered), the same reports, the same run store, the same exit code. A missing,
# repeated, foreign, interrupted or altered shard is refused by name.
source "$(dirname "$0")/lib.sh"
policy=$SOURCE_DIR/samples/policies/common.yaml
in=$WORK/configs
mkdir -p "$in/site-b"
cp "$SOURCE_DIR"/samples/configs/*.cfg "$in/"
"$SYNTH" small "$in/site-b" 60 >/dev/null
printf 'hostname broken\n\x00\x01 binary\n' >"$in/broken.cfg"  # an input that fails
(cd "$in/site-b" && tar czf "$in/archived.tar.gz" small-00000[0-4].cfg)

# What does not change from one run to the next: the results without their parse times.
stable() { jq -c 'del(.parse_ms)' "$1"; }
# A report without the time it was made.
report_of() { sed 's/"generated":"[^"]*"//' "$1" | md5sum; }
reports=(json csv junit sarif html)
report_flags() { local f; for f in "${reports[@]}"; do printf -- '--report %s=%s.%s ' "$f" "$1" "$f"; done; }

run check "$in" --policy "$policy" --ordered -o "$WORK/one.jsonl" --store "$WORK/one.db" \
  $(report_flags "$WORK/one") -q
one_rc=$rc
expect_eq "$one_rc" 2 "the one-machine run: an input failed, exit 2"
total=$(wc -l <"$WORK/one.jsonl")

for n in 1 2 4; do
  shards=()
  for i in $(seq 0 $((n - 1))); do
    run check "$in" --policy "$policy" --shard "$i/$n" --shard-run "night-$n" \
      -o "$WORK/s$n-$i.jsonl" --store "$WORK/s$n-$i.db" -q
    shard_rc[$i]=$rc
    expect_eq "$([ -s "$WORK/s$n-$i.jsonl.shard.json" ] && echo yes)" yes "$i/$n: a manifest beside its results"
    shards+=("$WORK/s$n-$i.jsonl")
  done
  expect_eq "$(cat "${shards[@]}" | wc -l)" "$total" "$n shards: every input in exactly one shard"
  expect_eq "$(cat "${shards[@]}" | jq -r '.source + ":" + .member' | sort | uniq -d | wc -l)" 0 "$n shards: no input twice"
  run merge "${shards[@]}" --ordered -o "$WORK/m$n.jsonl" --store "$WORK/m$n.db" $(report_flags "$WORK/m$n")
  expect_eq "$rc" "$one_rc" "$n shards: merge exits as the one-machine run"
  expect_eq "$(printf '%s\n' "${shard_rc[@]:0:$n}" | sort -n | tail -1)" "$rc" "$n shards: ... the worst shard's exit code"
  expect_eq "$(stable "$WORK/m$n.jsonl" | md5sum)" "$(stable "$WORK/one.jsonl" | md5sum)" \
    "$n shards: merge --ordered gives the one-machine --ordered results, line for line"
  expect_match "$(cat "$WORK/err")" "$n shards of check: $total results" "$n shards: the summary"
  for f in "${reports[@]}"; do
    expect_eq "$(report_of "$WORK/m$n.$f")" "$(report_of "$WORK/one.$f")" "$n shards: the $f report is the one-machine run's"
  done
  # The store: one run, with the one-machine run's counts, configs, findings and history.
  for what in runs history; do
    expect_eq "$("$CFGSWEEP" "$what" --store "$WORK/m$n.db" | jq -c 'del(.at, .started_at, .ended_at, .argv, .configs[]?.at)')" \
      "$("$CFGSWEEP" "$what" --store "$WORK/one.db" | jq -c 'del(.at, .started_at, .ended_at, .argv, .configs[]?.at)')" \
      "$n shards: the merged store's $what"
  done
  expect_eq "$("$CFGSWEEP" show core1@last --store "$WORK/m$n.db" | md5sum)" \
    "$("$CFGSWEEP" show core1@last --store "$WORK/one.db" | md5sum)" "$n shards: a stored config"
done

# As completed (no --ordered): the same lines, shard by shard.
run merge "$WORK"/s4-*.jsonl -o "$WORK/unordered.jsonl" -q
expect_eq "$(stable "$WORK/unordered.jsonl" | sort | md5sum)" "$(stable "$WORK/one.jsonl" | sort | md5sum)" \
  "merge without --ordered: the same lines"
# A manifest can be named instead of its results.
run merge "$WORK"/s2-*.jsonl.shard.json -o "$WORK/by-manifest.jsonl" -q
expect_eq "$(wc -l <"$WORK/by-manifest.jsonl")" "$total" "merge takes FILE.shard.json too"
run merge "$WORK"/s4-[012].jsonl "$WORK/s4-3.jsonl" -o "$WORK/s4-3.jsonl"
expect_eq "$rc" 64 "merge -o onto a shard's own results: refused"
expect_eq "$(wc -l <"$WORK/s4-3.jsonl")" "$(jq .lines "$WORK/s4-3.jsonl.shard.json")" "... which it leaves whole"

# A device keeps its shard from night to night, and parse shards like check.
run parse "$in" --shard 1/4 -o "$WORK/p1.jsonl" -q
expect_eq "$(jq -r .source "$WORK/p1.jsonl" | sort | md5sum)" "$(jq -r .source "$WORK/s4-1.jsonl" | sort | md5sum)" \
  "the same devices in shard 1/4 for parse as for check"
run parse "$in" --shard 0/64 -o "$WORK/tiny.jsonl" -q
expect_eq "$rc" 0 "a shard with no input of its own is no error (64 shards of 70 inputs)"

# remediate: the pairs of each shard, merged in device order as one run writes them.
mkdir -p "$WORK/running" "$WORK/intended"
cp "$in"/*.cfg "$WORK/running/"
for f in "$in"/*.cfg; do sed 's/^ntp server .*/ntp server 192.0.2.99/' "$f" >"$WORK/intended/${f##*/}"; done
run remediate --running "$WORK/running" --intended "$WORK/intended" -o "$WORK/rem-one.jsonl"
rem_rc=$rc
for i in 0 1 2; do
  run remediate --running "$WORK/running" --intended "$WORK/intended" --shard "$i/3" -o "$WORK/rem-$i.jsonl"
done
run merge "$WORK"/rem-[0-2].jsonl --ordered -o "$WORK/rem-merged.jsonl" -q
expect_eq "$rc" "$rem_rc" "remediate, 3 shards: the one-machine exit code"
expect_eq "$(md5sum <"$WORK/rem-merged.jsonl")" "$(md5sum <"$WORK/rem-one.jsonl")" \
  "remediate, 3 shards: merged, the one-machine remediation line for line"

# Shards of one run agree on what decides results and the exit code: --fail-on is one.
run check "$in" --policy "$policy" --fail-on critical --shard 0/2 --shard-run night-2 -o "$WORK/fo-0.jsonl" -q
run merge "$WORK/fo-0.jsonl" "$WORK/s2-1.jsonl" "$WORK/s2-0.jsonl"
expect_eq "$rc" 64 "a shard with another --fail-on: refused"
expect_match "$(cat "$WORK/err")" "fo-0.jsonl.shard.json: a shard of another run than .*: other settings" \
  "... saying what differs"
# Results written inside the folder the shards walk: the later shard reads them as inputs.
cp -r "$in" "$WORK/walked"
run parse "$WORK/walked" --shard 0/2 -o "$WORK/walked/p0.jsonl" -q
run parse "$WORK/walked" --shard 1/2 -o "$WORK/p1.jsonl" -q
run merge "$WORK/walked/p0.jsonl" "$WORK/p1.jsonl"
expect_match "$(cat "$WORK/err")" "it saw [0-9]+ inputs, the others [0-9]+ \(other paths, or results written inside an input folder\?\)" \
  "results inside an input folder: the message says so"
# A hand-made manifest: a position twice, a results file outside its folder, a FIFO.
jq -c '.positions[1] = .positions[0]' "$WORK/s2-0.jsonl.shard.json" >"$WORK/dup.jsonl.shard.json"
cp "$WORK/s2-0.jsonl" "$WORK/dup.jsonl"
jq -c '.results = "dup.jsonl"' "$WORK/dup.jsonl.shard.json" >"$WORK/m.tmp" && mv "$WORK/m.tmp" "$WORK/dup.jsonl.shard.json"
run merge "$WORK/dup.jsonl" "$WORK/s2-1.jsonl"
expect_eq "$rc" 64 "a position given twice: refused"
expect_match "$(cat "$WORK/err")" "dup.jsonl.shard.json: position [0-9]+ is another line's" "... named"
jq -c '.results = ".."' "$WORK/s2-0.jsonl.shard.json" >"$WORK/up.jsonl.shard.json"
run merge "$WORK/up.jsonl" "$WORK/s2-1.jsonl"
expect_eq "$rc" 64 "a manifest whose results are '..': refused"
mkfifo "$WORK/fifo.jsonl.shard.json"
timeout 10 "$CFGSWEEP" merge "$WORK/fifo.jsonl" "$WORK/s2-1.jsonl" 2>"$WORK/err" || true
expect_match "$(cat "$WORK/err")" "fifo.jsonl.shard.json: no shard manifest, or not a regular file" \
  "a FIFO for a manifest: refused at once, not read"
# merge --store checks the shards' stores before it writes anything.
run check "$in" --policy "$policy" --shard 0/1 --shard-run nostore -o "$WORK/ns.jsonl" -q
run merge "$WORK/ns.jsonl" -o "$WORK/ns-merged.jsonl" --store "$WORK/ns.db"
expect_eq "$rc" 64 "merge --store of shards that kept no store: refused"
expect_eq "$([ -e "$WORK/ns-merged.jsonl" ] && echo written)" "" "... before writing the results"
run merge "$WORK"/s2-*.jsonl --report json="$WORK/s2-1.jsonl"
expect_eq "$rc" 64 "a --report onto a shard's results: refused"

# Secrets: a shard without --show-secrets puts no revealed config in the merged store, even
# when its own store holds one of the same content from a night that showed them.
mkdir -p "$WORK/secret"
cp "$SOURCE_DIR/samples/configs/branch-r1.ios.cfg" "$WORK/secret/"
echo "snmp-server community Sh4rdSecr3t RO" >>"$WORK/secret/branch-r1.ios.cfg"
run check "$WORK/secret" --policy "$policy" --show-secrets --shard 0/1 -o "$WORK/sec1.jsonl" --store "$WORK/sec.db" -q
run check "$WORK/secret" --policy "$policy" --shard 0/1 -o "$WORK/sec2.jsonl" --store "$WORK/sec.db" -q
run merge "$WORK/sec2.jsonl" -o "$WORK/sec-merged.jsonl" --store "$WORK/sec-central.db" -q
run show branch-r1@last --store "$WORK/sec-central.db" --show-secrets
expect_eq "$(grep -c Sh4rdSecr3t "$WORK/out.jsonl")" 0 "the merged store of a redacted shard has no secret"
expect_eq "$(sqlite3 "$WORK/sec-central.db" 'select count(*) from configs where revealed = 1')" 0 \
  "... and no revealed config"

# Refused, by name, before anything is written.
run merge "$WORK/s4-0.jsonl" "$WORK/s4-1.jsonl" "$WORK/s4-3.jsonl" -o "$WORK/x.jsonl"
expect_eq "$rc" 66 "a missing shard: exit 66"
expect_match "$(cat "$WORK/err")" "shard 2/4 is missing \(run it with --shard 2/4\)" "... named, with what to run"
expect_eq "$([ -e "$WORK/x.jsonl" ] && echo written)" "" "... and nothing written"
run merge "$WORK"/s4-*.jsonl "$WORK/s4-2.jsonl"
expect_eq "$rc" 64 "a repeated shard: exit 64"
expect_match "$(cat "$WORK/err")" "s4-2.jsonl.shard.json and .*s4-2.jsonl.shard.json are both shard 2/4" "... named"
run merge "$WORK/s4-0.jsonl" "$WORK/s4-1.jsonl" "$WORK/s4-2.jsonl" "$WORK/s2-1.jsonl"
expect_eq "$rc" 64 "a shard of another run (another N, another --shard-run): exit 64"
expect_match "$(cat "$WORK/err")" "s2-1.jsonl.shard.json: a shard of another run" "... named"
cp "$WORK/s4-3.jsonl" "$WORK/s4-3.jsonl.keep"
echo '{"source":"planted"}' >>"$WORK/s4-3.jsonl"
run merge "$WORK"/s4-?.jsonl
expect_eq "$rc" 66 "results changed after their manifest: exit 66"
expect_match "$(cat "$WORK/err")" "s4-3.jsonl is changed \(or cut short\)" "... named"
mv "$WORK/s4-3.jsonl.keep" "$WORK/s4-3.jsonl"
jq -c '.exit_code = 130' "$WORK/s4-3.jsonl.shard.json" >"$WORK/m.tmp" && mv "$WORK/m.tmp" "$WORK/s4-3.jsonl.shard.json"
run merge "$WORK"/s4-?.jsonl
expect_match "$(cat "$WORK/err")" "shard 3/4 did not finish \(exit 130\)" "an interrupted shard is refused"
run parse "$in" --shard 1/4
expect_eq "$rc" 64 "--shard without -o FILE: a usage error"
expect_match "$(cat "$WORK/err")" "needs -o FILE" "... that says what to add"
run parse "$in" --shard 4/4 -o "$WORK/y.jsonl"
expect_eq "$rc" 64 "--shard 4/4: a usage error"
# A shard that fails leaves no manifest (not last night's, beside tonight's results).
run check "$in" --policy "$WORK/no-such-policy.yaml" --shard 0/4 -o "$WORK/s4-0.jsonl"
expect_eq "$rc" 64 "a shard whose policy is missing fails"
expect_eq "$([ -e "$WORK/s4-0.jsonl.shard.json" ] && echo stale)" "" "a failed shard leaves no manifest"
# Night 2: one config changes; the shards run --incremental on their own stores and merge
# into the central store of night 1: its history and diff are the one-machine store's.
printf 'ntp server 203.0.113.5\n' >>"$in/access-sw1.iosxe.cfg"
run check "$in" --policy "$policy" --ordered -o "$WORK/one-n2.jsonl" --store "$WORK/one.db" --incremental -q
for i in 0 1; do
  run check "$in" --policy "$policy" --shard "$i/2" --shard-run night-2b -o "$WORK/n2-$i.jsonl" \
    --store "$WORK/s2-$i.db" --incremental -q
done
reused_one=$(jq -r 'select(.reused == true) | .device' "$WORK/one-n2.jsonl" | wc -l)
expect_eq "$(cat "$WORK"/n2-[01].jsonl | jq -r 'select(.reused == true) | .device' | wc -l)" "$reused_one" \
  "night 2: the shards reuse what one machine reuses ($reused_one unchanged configs)"
[ "$reused_one" -gt 50 ] && pass || fail "night 2: one machine reused only $reused_one configs"
run merge "$WORK"/n2-[01].jsonl --ordered -o "$WORK/m-n2.jsonl" --store "$WORK/m2.db" -q
expect_eq "$(stable "$WORK/m-n2.jsonl")" "$(stable "$WORK/one-n2.jsonl")" "night 2: the merged results are the one-machine night's"
expect_eq "$("$CFGSWEEP" history access-sw1 --store "$WORK/m2.db" | jq -c 'del(.configs[].at)')" \
  "$("$CFGSWEEP" history access-sw1 --store "$WORK/one.db" | jq -c 'del(.configs[].at)')" \
  "night 2: the changed device's history in the central store is the one-machine store's"
expect_eq "$("$CFGSWEEP" diff --store "$WORK/m2.db" | jq -c '.summary')" \
  "$("$CFGSWEEP" diff --store "$WORK/one.db" | jq -c '.summary')" "night 2: diff --store of the central store"
expect_eq "$("$CFGSWEEP" diff --store "$WORK/m2.db" | jq -r '.changed[].device')" "access-sw1" \
  "... one changed device"
finish
