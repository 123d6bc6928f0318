#!/usr/bin/env bash
# The reports of cfgsweep check against their standards and a browser: JUnit XML against
# Jenkins' JUnit schema, SARIF against the SARIF 2.1.0 schema, and the HTML report loaded in
# headless Chromium (counts equal to the JSON summary, filters, sorting, findings, no console
# error, hostile config text kept inert). Schemas: scripts/fetch-test-schemas.
source "$(dirname "$0")/lib.sh"
schemas=$SOURCE_DIR/build/schemas
for f in junit.xsd sarif-2.1.0.json; do
  [ -s "$schemas/$f" ] || { echo "report_test: $schemas/$f is missing: run scripts/fetch-test-schemas" >&2; exit 1; }
done
python=/usr/bin/python3

# The samples, a config whose lines try to break out of the page, and one that cannot parse.
mkdir -p "$WORK/configs" "$WORK/reports"
cp "$SOURCE_DIR"/samples/configs/*.* "$WORK/configs/"
cp "$SOURCE_DIR"/samples/configs/compliant/* "$WORK/configs/"
cat >"$WORK/configs/hostile.ios.cfg" <<'CONFIG'
version 15.2
hostname hostile
!
ip http server </script><script>document.title='pwned';alert(1)</script>
!
interface GigabitEthernet0/1
 description <img src=x onerror="document.title='pwned'">
!
end
CONFIG
head -c 4096 /dev/urandom >"$WORK/configs/garbage.bin"

run check "$WORK/configs" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --jobs 2 \
  --report "json=$WORK/reports/summary.json" --report "junit=$WORK/reports/junit.xml" \
  --report "sarif=$WORK/reports/findings.sarif" --report "html=$WORK/reports/report.html"
expect_eq "$rc" 2 "an input failed to parse: exit 2"
expect_eq "$(jq -s 'map(select(.status != "ok")) | length' "$WORK/out.jsonl")" 1 "one config failed"
expect_eq "$(jq '.by_status.ok' "$WORK/reports/summary.json")" "$(($(wc -l <"$WORK/out.jsonl") - 1))" "summary: the others parsed"

# JUnit XML and SARIF against their schemas; each validator shown to reject a broken copy.
if xmllint --noout --schema "$schemas/junit.xsd" "$WORK/reports/junit.xml" 2>"$WORK/xsd.err"; then pass; else fail "JUnit: valid against junit.xsd: $(head -3 "$WORK/xsd.err")"; fi
expect_eq "$(xmllint --xpath 'count(//testcase/error)' "$WORK/reports/junit.xml")" 1 "JUnit: the failed config as an error testcase"
sed 's/<testsuite name="[^"]*"/<testsuite/' "$WORK/reports/junit.xml" >"$WORK/broken.xml"
if xmllint --noout --schema "$schemas/junit.xsd" "$WORK/broken.xml" 2>/dev/null; then fail "JUnit: a testsuite without a name must not validate"; else pass; fi
if $python "$SOURCE_DIR/tests/integration/validate_json_schema.py" "$schemas/sarif-2.1.0.json" "$WORK/reports/findings.sarif" >"$WORK/sarif.err"; then pass; else fail "SARIF: valid against the 2.1.0 schema: $(head -3 "$WORK/sarif.err")"; fi
jq '.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0' "$WORK/reports/findings.sarif" >"$WORK/broken.sarif"
if $python "$SOURCE_DIR/tests/integration/validate_json_schema.py" "$schemas/sarif-2.1.0.json" "$WORK/broken.sarif" >/dev/null; then fail "SARIF: line 0 must not validate"; else pass; fi

# The HTML report: one file, nothing it loads from elsewhere, hostile text escaped.
expect_eq "$(grep -ciE '(src|href)="?(https?:)?//' "$WORK/reports/report.html")" 0 "HTML: no external asset"
expect_eq "$(grep -c "</script><script>document.title='pwned'" "$WORK/reports/report.html")" 0 "HTML: config text cannot close the data script"
expect_eq "$(grep -cF "\u003c/script>\u003cscript>document.title='pwned'" "$WORK/reports/report.html")" 1 "HTML: ... it rides escaped in the data"
$python "$SOURCE_DIR/tests/integration/html_report_browser.py" "$WORK/reports/report.html" \
  "$WORK/reports/summary.json" "$WORK/out.jsonl" >"$WORK/browser.out" 2>&1 && browser_rc=0 || browser_rc=$?
expect_eq "$browser_rc" 0 "HTML in Chromium: $(grep -v '^ok' "$WORK/browser.out" | head -5)"
expect_eq "$(grep -c '^ok' "$WORK/browser.out")" 21 "HTML in Chromium: every browser check ran"

# The browser checks can fail: a page that loads an external image, and one whose counts lie.
sed 's|<h1>|<img src="http://192.0.2.1/x.png"><h1>|' "$WORK/reports/report.html" >"$WORK/external.html"
$python "$SOURCE_DIR/tests/integration/html_report_browser.py" "$WORK/external.html" \
  "$WORK/reports/summary.json" "$WORK/out.jsonl" >"$WORK/browser.out" 2>&1 && browser_rc=0 || browser_rc=$?
expect_eq "$browser_rc/$(grep -c '^FAIL the page loads with no console error' "$WORK/browser.out")" 1/1 "HTML: an external asset is a console error"
jq '.compliant += 1' "$WORK/reports/summary.json" >"$WORK/lying.json"
$python "$SOURCE_DIR/tests/integration/html_report_browser.py" "$WORK/reports/report.html" \
  "$WORK/lying.json" "$WORK/out.jsonl" >"$WORK/browser.out" 2>&1 && browser_rc=0 || browser_rc=$?
expect_eq "$browser_rc/$(grep -c '^FAIL compliant shown = summary' "$WORK/browser.out")" 1/1 "HTML: a wrong count is caught"
finish
