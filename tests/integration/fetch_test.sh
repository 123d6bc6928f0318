#!/usr/bin/env bash
# cfgsweep fetch against a real sshd playing a fleet of devices (tests/integration/sshd_lab.sh):
# every result of a fleet of 200, host key policies, authentication failures without retry,
# a hanging device, a dropped connection keeping the last backup, empty and failing
# commands, refused connections retried, inventory and flag errors before any connection.
source "$(dirname "$0")/sshd_lab.sh"
source "$(dirname "$0")/lib.sh"
lab_start

fleet=200
for i in $(seq 0 $((fleet - 1))); do lab_device "r$i" "$i" normal 0.5; done
lab_inventory "$WORK/inv" "$fleet"
lab_known_hosts "$fleet" >"$WORK/known_hosts"
key=(-i "$LAB/client_key" --ssh-config /dev/null)
status_of() { jq -r "select(.device == \"$1\") | .status" "$WORK/out.jsonl"; }
count_status() { jq -r .status "$WORK/out.jsonl" | grep -c "^$1\$" || true; }

# A fleet of 200 devices (0.5 s each), 100 sessions at once: every config arrives intact.
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --out "$WORK/backup"
expect_eq "$rc" 0 "fleet: exit 0"
expect_eq "$(wc -l <"$WORK/out.jsonl")" "$fleet" "fleet: one result per device"
expect_eq "$(count_status ok)" "$fleet" "fleet: every device ok"
if all_lines_json "$WORK/out.jsonl"; then pass; else fail "fleet: every line is a JSON object"; fi
same=0
for i in $(seq 0 $((fleet - 1))); do
  cmp -s "$WORK/backup/r$i.cfg" "$LAB/devices/$(lab_address "$i")/config" && same=$((same + 1))
done
expect_eq "$same" "$fleet" "fleet: every saved config equals the device's"
expect_eq "$(stat -c %a "$WORK/backup/r7.cfg")" 600 "saved configs are private (0600)"
expect_eq "$(jq -r 'select(.device == "r7") | .outputs[0].file' "$WORK/out.jsonl")" \
  "$WORK/backup/r7.cfg" "the result names the saved file"
expect_match "$(tail -1 "$WORK/err")" "^cfgsweep fetch: 200 devices, 200 ok \|" "fleet summary"
expect_eq "$(ls -a "$WORK/backup" | grep -c tmp || true)" 0 "no temporary files left"

# --redact: the saved config has no secret left, and every other line as it was.
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit r3 --out "$WORK/redacted" --redact
device_config="$LAB/devices/$(lab_address 3)/config"
expect_match "$(grep '^username' "$device_config")" 'secret 9 \$9\$' "the lab config holds a secret"
expect_eq "$(grep '^username' "$WORK/redacted/r3.cfg")" "username netops privilege 15 secret 9 \$9\$<redacted>" "--redact: the secret is removed"
expect_eq "$(diff "$device_config" "$WORK/redacted/r3.cfg" | grep -c '^[<>]')" 2 "--redact: only that line differs"

# --store: a fetch is a run of the run store, each device's line with its config's
# fingerprint and its config kept redacted; `run --store --incremental` reuses the results
# of unchanged configs it fetched again.
store=$WORK/fleet.db
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[0-4]' --store "$store"
expect_eq "$rc" 0 "fetch --store: exit 0"
expect_eq "$(jq -r .fingerprint "$WORK/out.jsonl" | grep -c '^[0-9a-f]\{16\}$')" 5 "fetch lines carry their config's fingerprint"
run runs --store "$store"
expect_eq "$(jq -c '[.command, .finished, .counts.inputs, .counts.ok]' "$WORK/out.jsonl")" '["fetch",true,5,5]' \
  "fetch --store: a finished run of 5 devices"
run show r3@1 --store "$store"
expect_match "$(grep '^username' "$WORK/out.jsonl")" 'secret 9 <redacted>|secret 9 \$9\$<redacted>' "the stored config is redacted"
expect_eq "$(grep -c "$(grep '^username' "$device_config" | awk '{print $NF}')" "$WORK/out.jsonl" || true)" 0 \
  "the device's secret is not in the stored config"
run run -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[0-4]' --store "$store" -j 1 -q
expect_eq "$rc" 0 "run --store: exit 0"
run run -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[0-4]' --store "$store" -j 1 -q --incremental
expect_eq "$(jq -s 'map(select(.reused == true)) | length' "$WORK/out.jsonl")" 5 "run --incremental: unchanged configs reused"
run diff --store "$store"
expect_eq "$(jq -c '.summary | [.added, .removed, .changed]' "$WORK/out.jsonl")" "[0,0,0]" "diff --store of two runs of an unchanged fleet"

# --redact on the secrets corpus (a CANARY in every secret position of 15 syntaxes): no
# canary in the backup, and the backup parses to the tree of the original, secrets redacted.
device_config="$LAB/devices/$(lab_address 199)/config"
cp "$device_config" "$WORK/r199.orig"
for corpus_file in "$SOURCE_DIR"/tests/data/secrets/*.*; do
  name=$(basename "$corpus_file")
  [ "$name" == CANARIES.tsv ] && continue
  cp "$corpus_file" "$device_config"
  run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit r199 --out "$WORK/canary" --redact
  expect_eq "$(grep -c CANARY "$WORK/canary/r199.cfg" || true)" 0 "--redact $name: no canary left"
  expect_eq "$("$CFGSWEEP" show --tree "$WORK/canary/r199.cfg" | tail -n +2)" \
    "$("$CFGSWEEP" show --tree "$corpus_file" | tail -n +2)" "--redact $name: the same tree"
done
cp "$WORK/r199.orig" "$device_config"

# --limit and --filter pick hosts by name, group and data; platform commands by default.
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r1?' \
  --filter group=lab --filter data.site=lab
expect_eq "$(jq -r .device "$WORK/out.jsonl" | sort | tr '\n' ' ')" \
  "r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 " "--limit/--filter select hosts"
expect_eq "$(jq -r '.outputs[0].command' "$WORK/out.jsonl" | sort -u)" "show running-config" \
  "the ios platform's command"

# Host keys: strict refuses unknown hosts; accept-new records them; a changed key is refused.
: >"$WORK/empty_known_hosts"
run fetch -I "$WORK/inv" --known-hosts "$WORK/empty_known_hosts" "${key[@]}" --limit 'r[0-4]'
expect_eq "$rc" 2 "strict host keys: exit 2"
expect_eq "$(count_status hostkey_unknown)" 5 "strict: unknown hosts refused"
run fetch -I "$WORK/inv" --known-hosts "$WORK/empty_known_hosts" "${key[@]}" --limit 'r[0-4]' \
  --host-keys accept-new
expect_eq "$(count_status ok)" 5 "accept-new: fetched"
expect_eq "$(grep -c . "$WORK/empty_known_hosts")" 5 "accept-new: keys recorded"
run fetch -I "$WORK/inv" --known-hosts "$WORK/empty_known_hosts" "${key[@]}" --limit 'r[0-4]'
expect_eq "$(count_status ok)" 5 "recorded keys are then accepted by strict checking"
lab_known_hosts 1 "$LAB/other_key.pub" >"$WORK/wrong_known_hosts"
run fetch -I "$WORK/inv" --known-hosts "$WORK/wrong_known_hosts" "${key[@]}" --limit r0 \
  --host-keys accept-new
expect_eq "$(status_of r0)" hostkey_mismatch "a changed host key is refused, even with accept-new"
run fetch -I "$WORK/inv" --known-hosts "$WORK/wrong_known_hosts" "${key[@]}" --limit r0 --host-keys off
expect_eq "$(status_of r0)" ok "--host-keys off connects"
expect_match "$(cat "$WORK/err")" "warning: host keys are not checked" "--host-keys off warns"

# Authentication: a wrong key or password fails once, never retried; the password is
# taken from the environment and appears nowhere.
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$LAB/other_key" \
  --ssh-config /dev/null --limit r0
expect_eq "$(status_of r0)" auth_failed "wrong key: auth_failed"
expect_eq "$(jq -r .attempts "$WORK/out.jsonl")" 1 "auth failures are not retried"
export LAB_SECRET=$LAB_PASSWORD
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$LAB/other_key" \
  --ssh-config /dev/null --limit r0 --password-env LAB_SECRET --out "$WORK/pw"
expect_eq "$(status_of r0)" ok "password from the environment"
expect_eq "$(grep -rc "$LAB_PASSWORD" "$WORK/out.jsonl" "$WORK/err" "$WORK/pw" | grep -vc ':0$' || true)" 0 \
  "the password is in no output"
export LAB_SECRET=wrong-password
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$LAB/other_key" \
  --ssh-config /dev/null --limit r0 --password-env LAB_SECRET
expect_eq "$(status_of r0)/$(jq -r .attempts "$WORK/out.jsonl")" auth_failed/1 "wrong password: auth_failed, once"

# Key types and sources: an RSA key with a passphrase from the environment, an ECDSA key,
# and the agent.
ssh-keygen -q -t rsa -b 2048 -N 'rsa-pass-phrase' -f "$WORK/rsa_key"
ssh-keygen -q -t ecdsa -N '' -f "$WORK/ecdsa_key"
cat "$WORK/rsa_key.pub" "$WORK/ecdsa_key.pub" >>"$LAB/authorized_keys"
export LAB_PASSPHRASE=rsa-pass-phrase
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$WORK/rsa_key" --passphrase-env LAB_PASSPHRASE \
  --ssh-config /dev/null --limit r0
expect_eq "$(status_of r0)" ok "RSA key with a passphrase from the environment"
export LAB_PASSPHRASE=wrong
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$WORK/rsa_key" --passphrase-env LAB_PASSPHRASE \
  --ssh-config /dev/null --limit r0
expect_match "$(status_of r0): $(jq -r .error.message "$WORK/out.jsonl")" "^auth_failed: cannot read the key" "a wrong passphrase"
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$WORK/ecdsa_key" --ssh-config /dev/null --limit r0
expect_eq "$(status_of r0)" ok "ECDSA key"
eval "$(ssh-agent -s)" >/dev/null
ssh-add -q "$LAB/client_key" 2>/dev/null
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" --ssh-config /dev/null --limit r0
expect_eq "$(status_of r0)" ok "the SSH agent"
ssh-agent -k >/dev/null
unset SSH_AUTH_SOCK SSH_AGENT_PID
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" --ssh-config /dev/null --limit r0
expect_eq "$(status_of r0)" auth_failed "without the agent (or -i), no key"

# Misbehaving devices fail alone: a hang times out while the others finish; a dropped
# connection keeps the previous backup; empty output and a failing command are named.
lab_device r1 1 hang
lab_device r2 2 drop
lab_device r3 3 empty
lab_device r4 4 fail
echo "previous backup" >"$WORK/backup/r2.cfg"
start=$(date +%s)
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[0-9]' \
  --command-timeout 3 --out "$WORK/backup"
elapsed=$(($(date +%s) - start))
expect_eq "$rc" 2 "misbehaving devices: exit 2"
expect_eq "$(status_of r1)" timeout "hanging device: timeout"
expect_match "$(jq -r 'select(.device == "r1") | .error.phase' "$WORK/out.jsonl")" command "timeout in the command phase"
expect_eq "$(status_of r2)" disconnected "dropped connection: disconnected"
expect_eq "$(cat "$WORK/backup/r2.cfg")" "previous backup" "dropped device: old backup kept"
expect_eq "$(jq -r 'select(.device == "r2") | .outputs[0].kept' "$WORK/out.jsonl")" "$WORK/backup/r2.cfg" "the result says the backup was kept"
expect_eq "$(status_of r3)" empty_output "empty output"
expect_eq "$(status_of r4)" command_failed "failing command"
expect_match "$(jq -r 'select(.device == "r4") | .error.message' "$WORK/out.jsonl")" "Invalid input" "the device's error text"
expect_eq "$(count_status ok)" 6 "the other devices are fetched"
expect_match "$elapsed" "^([0-9])$" "a hanging device costs its timeout, not the run ($elapsed s)"

# Nothing listens: refused, retried with backoff; an unknown name: dns_error.
printf 'closed hostname=127.1.0.2 port=1 platform=ios username=x\nnowhere hostname=no-such-host.invalid platform=ios\n' >"$WORK/hosts.txt"
run fetch -I "$WORK/hosts.txt" --known-hosts "$WORK/known_hosts" "${key[@]}" --retries 2
expect_eq "$(status_of closed)/$(jq -r 'select(.device == "closed") | .attempts' "$WORK/out.jsonl")" \
  refused/3 "refused: tried three times"
expect_eq "$(status_of nowhere)" dns_error "unknown hostname: dns_error"

# A host that accepts TCP but never speaks SSH: the connect timeout, retried; the run's
# deadline bounds the whole run.
/usr/bin/python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.1.249.1", 42099)); s.listen(64)
held = []
while True: held.append(s.accept()[0])' &
silent=$!
sleep 0.3
printf 'mute hostname=127.1.249.1 port=42099 platform=ios username=x\n' >"$WORK/mute.txt"
start=$(date +%s.%N)
run fetch -I "$WORK/mute.txt" --known-hosts "$WORK/known_hosts" "${key[@]}" --connect-timeout 1 --retries 1
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "$(status_of mute)/$(jq -r .error.phase "$WORK/out.jsonl")/$(jq -r .attempts "$WORK/out.jsonl")" \
  timeout/connect/2 "a silent host: connect timeout, retried once"
expect_eq "$(echo "$elapsed >= 2 && $elapsed < 6" | bc)" 1 "two 1 s connect timeouts plus backoff ($elapsed s)"
start=$(date +%s.%N)
run fetch -I "$WORK/mute.txt" --known-hosts "$WORK/known_hosts" "${key[@]}" --connect-timeout 30 --deadline 1.5
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "$(status_of mute)" timeout "--deadline cuts a long connect timeout"
expect_eq "$(echo "$elapsed < 4" | bc)" 1 "--deadline bounds the run ($elapsed s)"
# SIGINT twice while sessions sit in a 30 s connect: the first starts no new session, the
# second ends the run within a second (fetch, and run with its workers), exit 130.
# One real device among them, so that run's worker starts and parses it before the signals.
{
  printf 'r9 hostname=%s port=%s platform=ios username=%s\n' "$(lab_address 9)" "$LAB_PORT" "$LAB_USER"
  for i in $(seq 1 8); do printf 'mute%d hostname=127.1.249.1 port=42099 platform=ios username=x\n' "$i"; done
} >"$WORK/mutes.txt"
for command in fetch run; do
  "$CFGSWEEP" "$command" -I "$WORK/mutes.txt" --known-hosts "$WORK/known_hosts" "${key[@]}" \
    --connect-timeout 30 -c 4 >"$WORK/out.jsonl" 2>"$WORK/err" &
  pid=$!
  # The signals come once r9's result is out (a sanitizer build starts workers slowly).
  for tick in $(seq 1 300); do grep -q '"r9"' "$WORK/out.jsonl" && break; sleep 0.05; done
  sleep 0.2
  kill -INT $pid
  sleep 0.3
  kill -INT $pid
  start=$(date +%s.%N)
  set +e
  for tick in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  kill -0 $pid 2>/dev/null && kill -9 $pid
  wait $pid
  rc=$?
  set -e
  expect_eq "$rc" 130 "$command: two SIGINTs during a stuck connect: exit 130"
  expect_eq "$(echo "$elapsed < 1" | bc)" 1 "$command: the second SIGINT ends the run within 1 s ($elapsed s)"
  if all_lines_json "$WORK/out.jsonl"; then pass; else fail "$command: whole lines only"; fi
  expect_eq "$(jq -r 'select(.device == "r9" or .source == "r9") | .status' "$WORK/out.jsonl")" ok \
    "$command: the device fetched before the signals has its result"
done
expect_eq "$(segments_of $pid)" 0 "run: no shared memory left after the abandoned run"
kill "$silent"

# Linux hosts: `cat` of the files in data.files; the password from a file.
printf 'srv1:\n  hostname: %s\n  port: %s\n  username: %s\n  platform: linux\n  data:\n    files: [/etc/hostname]\n' \
  "$(lab_address 0)" "$LAB_PORT" "$LAB_USER" >"$WORK/linux.yaml"
printf '%s\n' "$LAB_PASSWORD" >"$WORK/password"
run fetch -I "$WORK/linux.yaml" --known-hosts "$WORK/known_hosts" -i "$LAB/other_key" --ssh-config /dev/null \
  --password-file "$WORK/password"
expect_eq "$(jq -r '.outputs[0].command' "$WORK/out.jsonl")" "cat -- '/etc/hostname'" "linux: cat of data.files"
expect_eq "$(status_of srv1)" ok "linux: the files arrive (and the password file worked)"

# A file name is one word for the remote shell, whatever it holds: a quote does not break out
# (before: a file was created on the host), a comma does not split it in two.
mkdir -p "$WORK/files"
chmod 777 "$WORK/files"
printf 'quoted\n' >"$WORK/files/it's,here"
chmod 644 "$WORK/files/it's,here"
printf 'srv1:\n  hostname: %s\n  port: %s\n  username: %s\n  platform: linux\n  data:\n    files:\n      - "%s"\n      - "%s"\n' \
  "$(lab_address 0)" "$LAB_PORT" "$LAB_USER" "$WORK/files/it's,here" "x'; touch '$WORK/files/pwned" \
  >"$WORK/linux.yaml"
run fetch -I "$WORK/linux.yaml" --known-hosts "$WORK/known_hosts" -i "$LAB/other_key" --ssh-config /dev/null \
  --password-file "$WORK/password" --out "$WORK/linux-backup"
expect_eq "$(jq -r '.outputs | length' "$WORK/out.jsonl")" 2 "data.files: two names, two commands"
expect_eq "$(test -e "$WORK/files/pwned" && echo created || echo none)" none "a quote in a file name runs nothing"
expect_eq "$(jq -r '.outputs[0].command' "$WORK/out.jsonl")" "cat -- '$WORK/files/it'\\''s,here'" "the name quoted for the shell"
printf 'srv1:\n  platform: linux\n  data:\n    files: ["a\\nb"]\n' >"$WORK/nl.yaml"
run fetch -I "$WORK/nl.yaml" "${key[@]}"
expect_eq "$rc" 64 "a file name with a newline: exit 64 before any connection"
expect_match "$(cat "$WORK/err")" "control character" "... saying why"

# Mistakes are reported before any connection, with file and line.
mkdir -p "$WORK/bad"
printf 'r1:\n  hostname: 127.1.0.2\n  plattform: ios\n' >"$WORK/bad/hosts.yaml"
run fetch -I "$WORK/bad" "${key[@]}"
expect_eq "$rc" 64 "unknown inventory key: exit 64"
expect_match "$(cat "$WORK/err")" "hosts.yaml:3:3: unknown key 'plattform' in 'r1'" "unknown key: file:line:column"
printf 'r1:\n  groups: [nope]\n' >"$WORK/bad/hosts.yaml"
run fetch -I "$WORK/bad" "${key[@]}"
expect_match "$(cat "$WORK/err")" "hosts.yaml:2:12: 'r1' names an unknown group 'nope'" "unknown group"
printf 'r1:\n  port: 70000\n' >"$WORK/bad/hosts.yaml"
run fetch -I "$WORK/bad" "${key[@]}"
expect_match "$(cat "$WORK/err")" "hosts.yaml:2:9: port '70000' is not a number from 1 to 65535" "bad port"
printf 'r1:\n  platform: toaster\n' >"$WORK/bad/hosts.yaml"
run fetch -I "$WORK/bad" "${key[@]}"
expect_eq "$rc" 64 "unknown platform without commands: exit 64"
expect_match "$(cat "$WORK/err")" "platform 'toaster', which has no default command" "unknown platform"
printf 'sub/dir:\n  hostname: 127.1.0.2\n  platform: ios\nsub_dir:\n  hostname: 127.1.0.3\n  platform: ios\n' >"$WORK/bad/hosts.yaml"
run fetch -I "$WORK/bad" "${key[@]}" --out "$WORK/clash"
expect_match "$rc/$(cat "$WORK/err")" "^64/.*hosts 'sub/dir' and 'sub_dir' would both be saved as .*/sub_dir.cfg" \
  "two hosts mapped to one backup file: exit 64 naming both"
expect_eq "$(wc -l <"$WORK/out.jsonl")" 0 "... before any session"
run fetch -I "$WORK/missing" "${key[@]}"
expect_eq "$rc" 66 "missing inventory: exit 66"
run fetch -I "$WORK/inv" "${key[@]}" --filter colour=red
expect_eq "$rc" 64 "bad --filter: exit 64"
run fetch -I "$WORK/inv" "${key[@]}" --limit 'nothing*'
expect_eq "$rc" 66 "no host selected: exit 66"
run fetch -I "$WORK/inv" "${key[@]}" --password-env NOT_SET_ANYWHERE
expect_match "$rc/$(cat "$WORK/err")" "^64/.*NOT_SET_ANYWHERE.*is not set" "unset password variable"
run fetch -I "$WORK/inv" --host-keys maybe
expect_eq "$rc" 64 "bad --host-keys: exit 64"

# CSV inventories: columns, with groups and data.
printf 'name,hostname,port,username,platform,role\nc1,127.1.0.2,%s,%s,ios,edge\n' "$LAB_PORT" "$LAB_USER" >"$WORK/hosts.csv"
run fetch -I "$WORK/hosts.csv" --known-hosts "$WORK/known_hosts" "${key[@]}" --filter data.role=edge
expect_eq "$(status_of c1)" ok "CSV inventory"

# Shell mode: an interactive CLI on a pty gives the same text as the exec channel, with
# paging turned off, or answered when the device ignores "terminal length 0", and enable
# mode entered with the secret from the environment.
lab_device r5 5 normal
lab_device r6 6 pager
lab_device r7 7 enable
export LAB_ENABLE=$LAB_ENABLE_SECRET
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[5-7]' \
  --mode shell --enable-secret-env LAB_ENABLE --out "$WORK/shell"
expect_eq "$(count_status ok)" 3 "shell mode: fetched"
same=0
for i in 5 6 7; do
  cmp -s "$WORK/shell/r$i.cfg" "$LAB/devices/$(lab_address "$i")/config" && same=$((same + 1))
done
expect_eq "$same" 3 "shell mode (paging off, --More-- answered, enable): the same text as exec"
expect_eq "$(grep -c "$LAB_ENABLE_SECRET" "$WORK/out.jsonl" "$WORK/err" | grep -vc ':0$' || true)" 0 \
  "the enable secret is in no output"
export LAB_ENABLE=wrong-secret
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit r7 \
  --mode shell --enable-secret-env LAB_ENABLE
expect_eq "$(status_of r7)" auth_failed "shell mode: a wrong enable secret is auth_failed"
lab_device r5 5 shell-only
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit r5
expect_eq "$(status_of r5)" command_failed "a shell-only device refuses exec channels"
printf 'r5:\n  hostname: %s\n  groups: [lab]\n  data: {mode: shell}\n' "$(lab_address 5)" >"$WORK/shell_inv.yaml"
cp "$WORK/inv/groups.yaml" "$WORK/inv/defaults.yaml" "$WORK"/
run fetch -I "$WORK/shell_inv.yaml" --known-hosts "$WORK/known_hosts" "${key[@]}"
expect_eq "$(status_of r5)" ok "data.mode: shell per host reaches the shell-only device"
lab_device r5 5 normal
run fetch -I "$WORK/inv" "${key[@]}" --mode shell --prompt '[unclosed'
expect_eq "$rc" 64 "bad --prompt pattern: exit 64"

# ProxyJump in ssh_config, through a second sshd (the bastion): the jump hop uses the run's
# known_hosts, host-key policy and keys.
lab_start_jump >>"$WORK/known_hosts"
printf 'Host 127.1.0.*\n  ProxyJump %s@%s:%s\n' "$LAB_USER" "$LAB_JUMP_ADDRESS" "$LAB_JUMP_PORT" >"$WORK/jump_config"
run fetch -I "$WORK/inv" --known-hosts "$WORK/known_hosts" -i "$LAB/client_key" \
  --ssh-config "$WORK/jump_config" --limit 'r[5-7]'
expect_eq "$(count_status ok)" 3 "ProxyJump: fetched through the bastion"
expect_eq "$(grep -c 'server_request_direct_tcpip: .* target 127.1.0.[789] port' "$LAB/jump.log" || true)" 3 \
  "ProxyJump: the bastion forwarded each connection"
grep -v "$LAB_JUMP_ADDRESS" "$WORK/known_hosts" >"$WORK/no_jump_known_hosts"
run fetch -I "$WORK/inv" --known-hosts "$WORK/no_jump_known_hosts" -i "$LAB/client_key" \
  --ssh-config "$WORK/jump_config" --limit r5 --retries 0
expect_eq "$(status_of r5)" disconnected "ProxyJump: an unknown bastion key is refused too"

# An ssh_config alias (Host edge-alias / HostName ADDRESS): the name only ssh_config knows
# is resolved through it, not in DNS first (it was a dns_error).
mkdir -p "$WORK/alias"
cp "$WORK/inv/groups.yaml" "$WORK/inv/defaults.yaml" "$WORK/alias/"
printf 'edge-alias:\n  groups: [lab]\n' >"$WORK/alias/hosts.yaml"
printf 'Host edge-alias\n  HostName %s\n' "$(lab_address 6)" >"$WORK/alias_config"
run fetch -I "$WORK/alias" --known-hosts "$WORK/known_hosts" -i "$LAB/client_key" \
  --ssh-config "$WORK/alias_config" --out "$WORK/alias_backup"
expect_eq "$rc/$(status_of edge-alias)" "0/ok" "an ssh_config HostName alias is fetched"
cmp -s "$WORK/alias_backup/edge-alias.cfg" "$LAB/devices/$(lab_address 6)/config" && pass ||
  fail "the alias's backup is the device's config"
printf 'Host edge-alias\n  HostName no-such-host.invalid\n' >"$WORK/alias_config"
run fetch -I "$WORK/alias" --known-hosts "$WORK/known_hosts" -i "$LAB/client_key" \
  --ssh-config "$WORK/alias_config" --retries 0
expect_match "$(jq -r '.status + " " + .error.message' "$WORK/out.jsonl")" \
  "^dns_error cannot resolve 'no-such-host.invalid' \(ssh_config's HostName for 'edge-alias'\)" \
  "a HostName that does not resolve is a dns_error naming both"

# cfgsweep run: fetched configs are parsed as they arrive, while slow devices are still
# being fetched; a device that cannot be fetched gets an error result with the fetch status.
lab_device r1 1 normal 4
lab_device r2 2 fail
lab_device r3 3 normal 0
"$CFGSWEEP" run -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[1-3]' \
  -c 3 -j 2 --metrics "$WORK/run.prom" >"$WORK/run.jsonl" 2>"$WORK/run.err" &
runner=$!
start=$(date +%s.%N)
until [ -s "$WORK/run.jsonl" ] || ! kill -0 "$runner" 2>/dev/null; do sleep 0.05; done
first=$(date +%s.%N)
set +e; wait "$runner"; rc=$?; set -e
end=$(date +%s.%N)
expect_eq "$rc" 2 "run: exit 2 (one device failed)"
expect_eq "$(wc -l <"$WORK/run.jsonl")" 3 "run: one result per device"
expect_eq "$(jq -r 'select(.source == "r3") | [.member, .status, .format, .model.hostname] | @tsv' "$WORK/run.jsonl")" \
  "$(printf 'show running-config\tok\tios\tr3')" "run: the fetched config is parsed, with its model"
expect_eq "$(jq -r 'select(.source == "r2") | .status + " " + .errors[0].code' "$WORK/run.jsonl")" \
  "error command_failed" "run: a failed fetch is an error result with the fetch status"
expect_eq "$(echo "$end - $first >= 2" | bc)" 1 "run: the first result came while r1 was still being fetched"
expect_eq "$(grep -E '^cfgsweep_ssh_sessions\{command="run",status="(ok|command_failed)"\}' "$WORK/run.prom" | awk '{print $2}' | paste -sd,)" \
  "2,1" "run --metrics: SSH sessions by outcome"
expect_eq "$(jq -r .device "$WORK/run.jsonl" | sort | paste -sd,)" "r1,r2,r3" "run: each result's device is its inventory name"

# cfgsweep run --policy: fetched configs are checked as they are parsed.
printf 'rules:\n  - {id: named, severity: info, message: m, model: {field: hostname, matches: "^r3$"}}\n  - {id: no-encryption, severity: high, message: m, forbid: "^service password-encryption"}\n' >"$WORK/run_policy.yaml"
run run -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit r3 --policy "$WORK/run_policy.yaml" -j 1
expect_eq "$rc" 1 "run --policy: a failed high rule exits 1"
expect_eq "$(jq -r '[.findings[] | .rule + "=" + .status + ":" + (.lines | map(tostring) | join(","))] | join(" ")' "$WORK/out.jsonl")" \
  "named=pass: no-encryption=fail:$(grep -n '^service password-encryption' "$LAB/devices/$(lab_address 3)/config" | cut -d: -f1)" \
  "run --policy: findings with the device config's lines"

# remediate --inventory: the running configs fetched over SSH, paired with the intended ones
# by inventory name; a device without an intended config is an error result.
mkdir -p "$WORK/golden"
cp "$LAB/devices/$(lab_address 3)/config" "$WORK/golden/r3.cfg"
echo "ntp server 198.51.100.9" >>"$WORK/golden/r3.cfg"
run remediate -I "$WORK/inv" --known-hosts "$WORK/known_hosts" "${key[@]}" --limit 'r[37]' --intended "$WORK/golden"
expect_eq "$rc" 2 "remediate --inventory: r7 has no intended config, exit 2"
expect_eq "$(jq -c 'select(.device == "r3") | [.status, .running, [.commands[].command]]' "$WORK/out.jsonl")" \
  '["ok","ssh:r3",["ntp server 198.51.100.9"]]' "remediate --inventory: the fetched config's remediation"
expect_match "$(jq -r 'select(.device == "r7") | .errors[0].message' "$WORK/out.jsonl")" "no intended config for device 'r7'" \
  "... and the unpaired device says why"

finish
