#!/usr/bin/env bash
# The run store (--store): several nights in a row over the same devices, kept in one SQLite
# database, read back with runs, history, show DEVICE@RUN and diff --store; --incremental
# reuses unchanged results; --resume finishes a run whose supervisor was SIGKILLed, with
# exactly one result per input.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 missing (scripts/setup installs it)"; exit 77; }
policy=$SOURCE_DIR/samples/policies/common.yaml
db=$WORK/runs.db
night() { mkdir -p "$WORK/$1"; cp "$WORK/$2"/*.cfg "$WORK/$1/"; }

# Night 1: the sample fleet, one config with an SNMP community (a secret).
mkdir -p "$WORK/2026-11-30"
cp "$SOURCE_DIR"/samples/configs/*.cfg "$WORK/2026-11-30/"
echo "snmp-server community N1ghtlySecr3t RO" >>"$WORK/2026-11-30/branch-r1.ios.cfg"
run check "$WORK/2026-11-30" --policy "$policy" --store "$db" -q
expect_eq "$rc" 1 "night 1: findings, exit 1"
expect_eq "$(stat -c %a "$db")" 600 "the store is created mode 0600"
expect_eq "$(jq -s length "$WORK/out.jsonl")" 6 "night 1: one result per config, as without --store"

# Night 2: access-sw1 gains an unapproved NTP server (a new high finding) and a domain name
# (its domain-set finding is fixed); core1 changes only a timestamp line; fw1 is gone;
# edge9 is new.
night 2026-12-01 2026-11-30
today=$WORK/2026-12-01
printf 'ntp server 203.0.113.5\nip domain name example.net\n' >>"$today/access-sw1.iosxe.cfg"
sed -i '1i ! Last configuration change at 02:14:07 UTC Tue Dec 1 2026' "$today/core1.eos.cfg"
rm "$today/fw1.asa.cfg"
sed 's/^hostname branch-r1/hostname edge9/' "$today/branch-r1.ios.cfg" >"$today/edge9.ios.cfg"
CFGSWEEP_STORE=$db run check "$today" --policy "$policy" -q
expect_eq "$rc" 1 "night 2 (store from CFGSWEEP_STORE): exit 1"

run runs --store "$db"
expect_eq "$(jq -sc 'map([.id, .finished, .exit_code, .counts.inputs])' "$WORK/out.jsonl")" \
  "[[1,true,1,6],[2,true,1,6]]" "runs: two finished runs with their exit codes and counts"
expect_eq "$(jq -r '.argv | join(" ")' "$WORK/out.jsonl" | head -1)" \
  "check $WORK/2026-11-30 --policy $policy --store $db -q" "runs: the command line"

run diff --store "$db"
expect_eq "$rc" 0 "diff --store: the last two finished runs, exit 0 without --fail-on"
expect_eq "$(jq -c '.summary | [.added, .removed, .changed, .fixed_findings]' "$WORK/out.jsonl")" \
  "[1,1,1,1]" "one added, one removed, one changed (not core1: a timestamp), one fixed finding"
expect_eq "$(jq -r '[.added[0].device, .removed[0].device, .changed[0].device] | join(",")' "$WORK/out.jsonl")" \
  "edge9,fw1,access-sw1" "each entry names its device"
expect_eq "$(jq -r '.new_findings[] | select(.device != "edge9") | .device + " " + .rule' "$WORK/out.jsonl")" \
  "access-sw1 ntp-approved" "the new finding (beside the added edge9's, all new)"
expect_eq "$(jq -r '.fixed_findings[0] | .device + " " + .rule' "$WORK/out.jsonl")" "access-sw1 domain-set" \
  "the fixed finding"
expect_match "$(jq -r '.changed[0].diff' "$WORK/out.jsonl")" $'\n\\+ntp server 203\\.0\\.113\\.5\n' \
  "the changed config's line diff, from the store"
run diff --store "$db" --fail-on high
expect_eq "$rc" 1 "diff --store --fail-on high: the new high finding fails"
run diff --store "$db" --fail-on critical
expect_eq "$rc" 0 "... and --fail-on critical does not"
run diff --store "$db" 1 2 --text
expect_match "$(cat "$WORK/out.jsonl")" "removed  fw1" "diff --store OLD NEW by run id, --text"

# Secrets: stored redacted, shown redacted.
run show branch-r1@1 --store "$db"
expect_eq "$rc" 0 "show DEVICE@RUN"
expect_match "$(cat "$WORK/out.jsonl")" "snmp-server community <redacted> RO" "the stored config, redacted"
[[ "$(cat "$WORK/out.jsonl")" != *N1ghtlySecr3t* ]] && pass || fail "the secret is not in the stored config"
run show access-sw1@2 --store "$db" --model
expect_eq "$(jq -r .model.domain "$WORK/out.jsonl")" "example.net" "show DEVICE@RUN --model parses the stored config"
run show access-sw1@1 --store "$db"
[[ "$(cat "$WORK/out.jsonl")" != *203.0.113.5* ]] && pass || fail "run 1's config is the one before the change"
CFGSWEEP_STORE=$db run show "$today/access-sw1.iosxe.cfg" --json
expect_eq "$(jq -r .model.hostname "$WORK/out.jsonl")" "access-sw1" "with CFGSWEEP_STORE set, show FILE still shows the file"

# Night 3: nothing changed since night 2; --incremental reuses every result unparsed.
night 2026-12-02 2026-12-01
run check "$WORK/2026-12-02" --policy "$policy" --store "$db" --incremental -q
expect_eq "$rc" 1 "incremental night: exit 1 as before (its findings are the stored ones)"
expect_eq "$(jq -s 'map(select(.reused == true)) | length' "$WORK/out.jsonl")" 6 "every result reused"
expect_eq "$(jq -r '.source' "$WORK/out.jsonl" | grep -c 2026-12-02)" 6 "a reused result names tonight's file"
"$CFGSWEEP" check "$WORK/2026-12-02" --policy "$policy" -q >"$WORK/fresh.jsonl" || true
strip='del(.source, .parse_ms, .reused) | {device, status, fingerprint, model, findings}'
expect_eq "$(jq -Sc "$strip" "$WORK/out.jsonl" | sort | md5sum)" "$(jq -Sc "$strip" "$WORK/fresh.jsonl" | sort | md5sum)" \
  "reused results equal a fresh parse's"
# A changed config is parsed again.
echo "ntp server 203.0.113.6" >>"$WORK/2026-12-02/core1.eos.cfg"
run check "$WORK/2026-12-02" --policy "$policy" --store "$db" --incremental -q
expect_eq "$(jq -r 'select(.reused != true) | .device' "$WORK/out.jsonl")" "core1" "only the changed config is parsed"

# History: when each finding appeared and cleared, when each config changed.
run history access-sw1 --store "$db" --rule domain-set
expect_eq "$(jq -c '.findings | map([.first_seen, .last_seen, .cleared_in])' "$WORK/out.jsonl")" "[[1,1,2]]" \
  "domain-set failed in run 1 and was cleared in run 2"
run history access-sw1 --store "$db" --rule ntp-approved
expect_eq "$(jq -c '.findings | map([.first_seen, .last_seen, .cleared_in])' "$WORK/out.jsonl")" "[[2,4,null]]" \
  "ntp-approved: one interval from run 2, still open"
expect_eq "$(jq -c '.findings[0].evidence[0] | keys' "$WORK/out.jsonl")" '["line","text"]' \
  "stored evidence: {line, text} objects"
run history core1 --store "$db"
expect_eq "$(jq -c '.configs | map([.run, .change])' "$WORK/out.jsonl")" '[[1,"first"],[4,"changed"]]' \
  "core1's config: first seen in run 1, changed in run 4 (the timestamp of run 2 is no change)"
run history --store "$db" --text
expect_match "$(cat "$WORK/out.jsonl")" "finding domain-set \\(info\\): run 1, cleared in run 2" "history --text"

# Mistakes are usage errors that say what to fix; a missing store is 66.
run parse "$today" --incremental
expect_eq "$rc" 64 "--incremental without --store"
expect_match "$(cat "$WORK/err")" "needs --store" "... says so"
run runs --store "$WORK/none.db"
expect_eq "$rc" 66 "runs of a store that does not exist"
[ ! -e "$WORK/none.db" ] && pass || fail "a reader does not create a store"
run history nosuchdevice --store "$db"
expect_eq "$rc" 64 "history of an unknown device"
run show branch-r1@99 --store "$db"
expect_eq "$rc" 64 "show of a run that does not exist"
run diff --store "$db" 1 99
expect_eq "$rc" 64 "diff --store of a run that does not exist"

# --resume: the supervisor SIGKILLed at random moments, several times in a row; then the
# same command with --resume finishes the run: every input exactly one result, in the
# store and in the output.
"$SYNTH" small "$WORK/fleet" 8000 6144 >/dev/null
resume_db=$WORK/resume.db
killed_mid_run=0
for attempt in 1 2 3 4; do
  "$CFGSWEEP" parse "$WORK/fleet" --store "$resume_db" --resume -j 1 -q >/dev/null 2>&1 &
  pid=$!
  # Once the run is under way (its row in the store: under ASan on a loaded machine the
  # start alone can outlast a fixed delay), at a random moment of it.
  for _ in $(seq 300); do
    [ -s "$resume_db" ] &&
      [ "$(sqlite3 -readonly "$resume_db" 'select count(*) from runs where finished = 0' 2>/dev/null)" = 1 ] &&
      break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  sleep "0.$((RANDOM % 4))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$(sqlite3 "$resume_db" 'select finished from runs order by id desc limit 1' 2>/dev/null)" == 0 ] &&
    killed_mid_run=$((killed_mid_run + 1))
done
expect_match "$killed_mid_run" "^[1-9]" "at least one run was killed before it finished"
run parse "$WORK/fleet" --store "$resume_db" --resume -j 1 -q
expect_eq "$rc" 0 "the resumed run finishes"
expect_eq "$(sqlite3 "$resume_db" 'select count(*), finished from runs')" "1|1" \
  "one run in the store, finished (the kills and the resume are the same run)"
expect_eq "$(sqlite3 "$resume_db" 'select count(*), count(distinct source) from run_results')" "8000|8000" \
  "every input has exactly one stored result"
expect_eq "$(jq -r .source "$WORK/out.jsonl" | sort -u | wc -l) $(wc -l <"$WORK/out.jsonl")" "8000 8000" \
  "the resumed run writes every input's result once"
expect_eq "$(sqlite3 "$resume_db" 'select resumed > 0 from runs')" 1 "the run records that it was resumed"

# A killed run is not continued under another policy: its results would not be tonight's.
cp "$policy" "$WORK/policy.yaml"
resume_policy() {
  run check "$WORK/2026-12-02" --policy "$WORK/policy.yaml" --store "$WORK/policy.db" --resume -q
}
resume_policy
sqlite3 "$WORK/policy.db" 'update runs set finished = 0'  # as if it had been killed
resume_policy
expect_eq "$(sqlite3 "$WORK/policy.db" 'select count(*), max(resumed) from runs')" "1|1" \
  "same command line, same policy: the run is continued"
sqlite3 "$WORK/policy.db" 'update runs set finished = 0'
echo "# tightened tonight" >>"$WORK/policy.yaml"
resume_policy
expect_eq "$(sqlite3 "$WORK/policy.db" 'select count(*) from runs')" 2 "the policy changed: a new run"
expect_match "$(cat "$WORK/err")" "run 1 did not finish, but the policy, inventory or version changed" \
  "... and a warning says why"

# A resumed run replays a done input only if its config is unchanged since.
cp "$WORK/out.jsonl" "$WORK/before-resume.jsonl"
sqlite3 "$WORK/policy.db" 'update runs set finished = 0 where id = (select max(id) from runs)'
echo "ntp server 198.51.100.77" >>"$WORK/2026-12-02/pe1.iosxr.cfg"
resume_policy
expect_eq "$(jq -r 'select(.device == "pe1") | .fingerprint' "$WORK/out.jsonl")" \
  "$("$CFGSWEEP" parse "$WORK/2026-12-02/pe1.iosxr.cfg" -q | jq -r .fingerprint)" \
  "resume: a config changed since is parsed again (its result is of tonight's file)"
expect_eq "$(jq -c 'select(.device != "pe1")' "$WORK/out.jsonl" | sort | md5sum)" \
  "$(jq -c 'select(.device != "pe1")' "$WORK/before-resume.jsonl" | sort | md5sum)" \
  "resume: the unchanged ones are replayed as stored (parse times and all)"
expect_eq "$(sqlite3 "$WORK/policy.db" "select count(*) from run_results rr join devices d on d.id = rr.device_id where d.name = 'pe1' and rr.run_id = (select max(id) from runs)")" 1 \
  "resume: still one result for it in the run"

# Only the store's latest run is continued: another run made since moved the findings on.
sqlite3 "$WORK/policy.db" 'update runs set finished = 0 where id = (select max(id) from runs)'
"$CFGSWEEP" parse "$WORK/2026-12-02" --store "$WORK/policy.db" -q >/dev/null
resume_policy
expect_eq "$(sqlite3 "$WORK/policy.db" 'select (select count(*) from runs), resumed from runs where id = (select max(id) from runs)')" "4|0" \
  "a run in between: --resume starts a new run"

# Secrets a --show-secrets run saw stay out of the findings' history.
printf 'rules:\n  - id: no-community\n    severity: high\n    message: No SNMP community\n    forbid: "^snmp-server community"\n' \
  >"$WORK/snmp.yaml"
run check "$WORK/2026-11-30" --policy "$WORK/snmp.yaml" --store "$WORK/secret.db" --show-secrets -q
expect_match "$(cat "$WORK/out.jsonl")" "N1ghtlySecr3t" "the --show-secrets run shows the community"
run history branch-r1 --store "$WORK/secret.db" --rule no-community
expect_match "$(jq -c '.findings[0].evidence' "$WORK/out.jsonl")" "snmp-server community <redacted>" "history: the evidence, redacted"
[[ "$(cat "$WORK/out.jsonl")" != *N1ghtlySecr3t* ]] && pass || fail "history never shows the secret"
run show branch-r1@1 --store "$WORK/secret.db"
[[ "$(cat "$WORK/out.jsonl")" != *N1ghtlySecr3t* ]] && pass || fail "show without --show-secrets redacts a config kept in clear"
run show branch-r1@1 --store "$WORK/secret.db" --show-secrets
expect_match "$(cat "$WORK/out.jsonl")" "N1ghtlySecr3t" "show --show-secrets gives it"

# A changed include is a changed policy: nothing is reused.
mkdir -p "$WORK/pol"
printf 'include: [inc.yaml]\nrules: []\n' >"$WORK/pol/main.yaml"
printf 'rules:\n  - id: has-hostname\n    severity: low\n    message: m\n    require: "^hostname"\n' >"$WORK/pol/inc.yaml"
"$CFGSWEEP" check "$WORK/2026-12-02" --policy "$WORK/pol/main.yaml" --store "$WORK/inc.db" -q >/dev/null || true
echo "# edited" >>"$WORK/pol/inc.yaml"
run check "$WORK/2026-12-02" --policy "$WORK/pol/main.yaml" --store "$WORK/inc.db" --incremental -q
expect_eq "$(jq -s 'map(select(.reused == true)) | length' "$WORK/out.jsonl")" 0 "an included file changed: no result reused"

# A parse between two checks neither ends nor starts findings.
run check "$WORK/2026-11-30" --policy "$policy" --store "$WORK/mixed.db" -q
"$CFGSWEEP" parse "$WORK/2026-11-30" --store "$WORK/mixed.db" -q >/dev/null
run check "$WORK/2026-11-30" --policy "$policy" --store "$WORK/mixed.db" -q
run history access-sw1 --store "$WORK/mixed.db" --rule domain-set
expect_eq "$(jq -c '.findings | map([.first_seen, .last_seen, .cleared_in])' "$WORK/out.jsonl")" "[[1,3,null]]" \
  "a parse run in between: the finding's interval goes on"

# The store file: private, this user's own, never a link or another program's database.
touch "$WORK/wide.db" && chmod 644 "$WORK/wide.db"
run parse "$WORK/2026-12-02" --store "$WORK/wide.db" -q
expect_eq "$(stat -c %a "$WORK/wide.db")" 600 "a store readable by others is made 0600"
expect_match "$(cat "$WORK/err")" "was readable by others; now mode 0600" "... and says so"
ln -s "$WORK/wide.db" "$WORK/link.db"
run parse "$WORK/2026-12-02" --store "$WORK/link.db" -q
expect_eq "$rc" 74 "a store behind a symbolic link is refused"
expect_match "$(cat "$WORK/err")" "symbolic link" "... with the reason"
sqlite3 "$WORK/other.db" 'create table t (x)'
run parse "$WORK/2026-12-02" --store "$WORK/other.db" -q
expect_eq "$rc" 64 "another program's SQLite database is refused"
expect_match "$(cat "$WORK/err")" "not a cfgsweep store" "... with the reason"
echo "not sqlite at all" >"$WORK/text.db"
run runs --store "$WORK/text.db"
expect_match "$rc" "^(64|66)$" "a file that is no database: a clear error"
finish
