#!/usr/bin/env bash
# Every file of the real corpus in ../shared/corpus (configs from public projects) goes
# through cfgsweep without a crash, a hang or a lost result.
source "$(dirname "$0")/lib.sh"
corpus=${CFGSWEEP_CORPUS:-$SOURCE_DIR/../shared/corpus}
if [ ! -d "$corpus" ]; then
  echo "corpus_test: no corpus at $corpus; skipped"; exit 77
fi
find "$corpus" -type f | sort >"$WORK/expected"

run parse "$corpus" --jobs 2 --timeout-per-file 20
expect_match "$rc" "^(0|2)$" "the run completes"
expect_eq "$(wc -l <"$WORK/out.jsonl")" "$(wc -l <"$WORK/expected")" "one result per file"
jq -r .source "$WORK/out.jsonl" | sort >"$WORK/got"
cmp -s "$WORK/got" "$WORK/expected" && pass || fail "the results are for exactly the corpus files"
all_lines_json "$WORK/out.jsonl" && pass || fail "every line is JSON (non-UTF-8 files included)"
expect_eq "$(jq -r 'select(.status == "timeout" or .status == "crashed" or .status == "oom") | .source' "$WORK/out.jsonl")" \
  "" "no file crashes, hangs or exhausts a worker"
# Format detection against the manifest: each label of a supported family must come out as
# that format. The labels are a heuristic; the few files they get wrong are listed, each
# with its reason, in corpus_exceptions.tsv.
cat >"$WORK/families.tsv" <<'EOF'
arista_eos	ios
cisco_ios	ios
cisco_nxos	ios
cisco_iosxr	ios
cisco_asa	ios
frr	ios
juniper_junos	brace
vyos	brace
paloalto_panos	brace
juniper_junos_set	set
vyos_set	set
paloalto_panos_set	set
nokia_srlinux_set	set
juniper_junos_xml	xml
paloalto_panos_xml	xml
cisco_iosxr_xml	xml
aws_json	json
azure_json	json
batfish_host_json	json
sonic_config_db_json	json
juniper_junos_json	json
arista_avd_structured_yaml	yaml
netplan_yaml	yaml
cumulus_nvue_yaml	yaml
nokia_srlinux_yaml	yaml
fortinet_fortios	fortios
cumulus_ifupdown2	ifupdown
EOF
jq -r '[.source, (.format // "unknown")] | @tsv' "$WORK/out.jsonl" | sed "s|^$corpus/||" | sort >"$WORK/detected"
awk -F'\t' 'NR == FNR { family[$1] = $2; next } FNR > 1 && ($5 in family) { print $4 "\t" family[$5] }' \
  "$WORK/families.tsv" "$corpus/MANIFEST.tsv" | sort >"$WORK/labelled"
join -t $'\t' "$WORK/labelled" "$WORK/detected" | awk -F'\t' '$2 != $3 { print $1 "\t" $2 "\t" $3 }' >"$WORK/mismatched"
grep -v '^#' "$(dirname "$0")/corpus_exceptions.tsv" | cut -f1 | sort >"$WORK/excepted"
labelled=$(wc -l <"$WORK/labelled")
mismatched=$(wc -l <"$WORK/mismatched")
echo "corpus_test: $(wc -l <"$WORK/expected") files; format matches the manifest for $((labelled - mismatched)) of $labelled labelled files"
unexplained=$(cut -f1 "$WORK/mismatched" | sort | comm -23 - "$WORK/excepted")
expect_eq "$unexplained" "" "every detection that differs from the manifest is a listed exception"
[ "$labelled" -gt 3000 ] && pass || fail "the manifest labels most files ($labelled)"
# Vendor detection against the manifest: the confusion matrix (label x detected vendor) and
# the calibration table (how often each confidence band agrees with the label). A vendor
# is named only on evidence: a file named as another vendor than its label's, or a file of
# an unsupported vendor (A10, F5, Nokia SR OS, Check Point, ...) or no config named at all,
# fails unless corpus_exceptions.tsv lists it with its reason.
set +e
/usr/bin/python3 "$SOURCE_DIR/scripts/detection-report" "$WORK/out.jsonl" "$corpus/MANIFEST.tsv" \
  --root "$corpus" --exceptions "$(dirname "$0")/corpus_exceptions.tsv" >"$WORK/detection.txt"
report_rc=$?
set -e
sed 's/^/corpus_test: /' "$WORK/detection.txt"
expect_eq "$report_rc" 0 "no file is given a vendor its label (or an exception) does not allow"
# Model coverage: how many lines of the parsed files went into the normalized model.
jq -rs 'map(select(.status == "ok" and .coverage)) | "corpus_test: model coverage \(map(.coverage.lines_in_model) | add) of \(map(.coverage.lines) | add) lines in \(length) files"' "$WORK/out.jsonl"
finish
