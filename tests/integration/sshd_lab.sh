# A lab of SSH "devices" for the fetch tests: a real OpenSSH sshd, started by the test in
# a network namespace of its own (so it can answer on many loopback addresses, one per
# device, without touching the machine's network), with throwaway keys and a dedicated
# login user whose ForceCommand plays the devices.
#
# Use: source this first (it re-executes the test inside `unshare -n`), then lib.sh, then
# lab_start; lab_device NAME INDEX [MODE [DELAY]]; lab_inventory DIR.

# Re-executes the calling test in a fresh network namespace; the namespace (and every
# address in it) disappears with the test's last process.
if [ -z "${CFGSWEEP_LAB_NETNS:-}" ]; then
  if ! unshare -n true 2>/dev/null; then
    echo "FAIL: the SSH tests need a network namespace (unshare -n, run as root)" >&2
    exit 1
  fi
  CFGSWEEP_LAB_NETNS=1 exec unshare -n bash "$0" "$@"
fi
ip link set lo up

# A login user of this test's own: tests run in parallel, and one test's lab_stop must not
# lock out (or its chpasswd change the password of) another's user.
LAB_USER=cfgsweep-lab-$$
LAB_PORT=42022
LAB_PASSWORD=lab-Passw0rd-$RANDOM$RANDOM
LAB_ENABLE_SECRET=lab-Enable-$RANDOM$RANDOM

# The address of device number INDEX (0-based): 127.1.X.Y, all on the namespace's lo.
lab_address() { echo "127.1.$(($1 / 200)).$(($1 % 200 + 2))"; }

lab_start() {
  LAB=$WORK/lab
  mkdir -p "$LAB/devices" "$LAB/home"
  chmod 755 "$LAB" "$LAB/devices" "$LAB/home"
  id "$LAB_USER" >/dev/null 2>&1 || useradd -M -d /tmp -s /bin/sh "$LAB_USER"
  echo "$LAB_USER:$LAB_PASSWORD" | chpasswd
  ssh-keygen -q -t ed25519 -N '' -f "$LAB/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$LAB/client_key"
  ssh-keygen -q -t ed25519 -N '' -f "$LAB/other_key"
  cp "$LAB/client_key.pub" "$LAB/authorized_keys"
  chmod 644 "$LAB/authorized_keys"
  write_device_script
  cat >"$LAB/sshd_config" <<EOF
Port $LAB_PORT
ListenAddress 0.0.0.0
HostKey $LAB/host_key
PidFile $LAB/sshd.pid
UsePAM no
PermitRootLogin no
AllowUsers $LAB_USER
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
AuthorizedKeysFile $LAB/authorized_keys
StrictModes no
MaxStartups 2000
MaxSessions 100
MaxAuthTries 10
LoginGraceTime 30
UseDNS no
X11Forwarding no
AllowTcpForwarding yes
PrintMotd no
ForceCommand $LAB/device.sh
LogLevel ERROR
EOF
  mkdir -p /run/sshd
  # -r: no re-exec of sshd per connection. The lab's CPU per session is the floor of the
  # fetch benchmark on a small machine, and re-exec is a large share of it.
  /usr/sbin/sshd -r -f "$LAB/sshd_config" -E "$LAB/sshd.log"
  for _ in $(seq 50); do [ -s "$LAB/sshd.pid" ] && break; sleep 0.1; done
  [ -s "$LAB/sshd.pid" ] || { echo "FAIL: sshd did not start: $(cat "$LAB/sshd.log")" >&2; exit 1; }
  trap 'lab_stop; rm -rf "$WORK"' EXIT
}

# A second sshd, the bastion, at 127.1.250.1:$LAB_JUMP_PORT: no devices, forwarding only,
# logging each forwarded connection to $LAB/jump.log.
LAB_JUMP_ADDRESS=127.1.250.1
LAB_JUMP_PORT=42023
lab_start_jump() {
  sed -e "s/^Port .*/Port $LAB_JUMP_PORT/" -e "/^ForceCommand/d" -e "s|^PidFile .*|PidFile $LAB/jump.pid|" \
    -e "s/^LogLevel .*/LogLevel DEBUG1/" "$LAB/sshd_config" >"$LAB/jump_config"
  /usr/sbin/sshd -r -f "$LAB/jump_config" -E "$LAB/jump.log"
  for _ in $(seq 50); do [ -s "$LAB/jump.pid" ] && break; sleep 0.1; done
  echo "[$LAB_JUMP_ADDRESS]:$LAB_JUMP_PORT $(cut -d' ' -f1,2 "$LAB/host_key.pub")"
}

lab_stop() {
  [ -s "${LAB:-}/sshd.pid" ] && kill "$(cat "$LAB/sshd.pid")" 2>/dev/null || true
  [ -s "${LAB:-}/jump.pid" ] && kill "$(cat "$LAB/jump.pid")" 2>/dev/null || true
  usermod -p '!' "$LAB_USER" 2>/dev/null || true  # no password login once the lab is gone
  local pid
  for pid in $(pgrep -u "$LAB_USER" || true); do kill -9 "$pid" 2>/dev/null; done
  userdel "$LAB_USER" 2>/dev/null || true  # the user is this test's alone
  return 0
}

# known_hosts lines for devices 0..COUNT-1 with KEY (default the lab's host key).
lab_known_hosts() {
  local count=$1 key=${2:-$LAB/host_key.pub} i
  for i in $(seq 0 $((count - 1))); do
    echo "[$(lab_address "$i")]:$LAB_PORT $(cut -d' ' -f1,2 "$key")"
  done
}

# lab_device NAME INDEX [MODE [DELAY]]: MODE is normal, hang, drop, empty or fail (for
# exec channels), pager, enable or shell-only (for shell sessions).
lab_device() {
  local name=$1 index=$2 mode=${3:-normal} delay=${4:-0}
  local dir="$LAB/devices/$(lab_address "$index")"
  mkdir -p "$dir"
  sed "s/^hostname .*/hostname $name/" "$SOURCE_DIR/samples/configs/branch-r1.ios.cfg" >"$dir/config"
  echo "$mode" >"$dir/mode"
  echo "$delay" >"$dir/delay"
  chmod -R a+rX "$dir"
}

write_device_script() {
  cat >"$LAB/device.sh" <<'EOF'
#!/bin/sh
# Plays one device: chosen by the address the client connected to (SSH_CONNECTION's third
# field), behaving as its mode file says.
# An IOS-like CLI on the pty, for shell mode: "terminal length 0" turns paging off (but not
# for a device in mode "pager"), pages end in " --More-- " erased with backspaces, and a
# device in mode "enable" starts in user mode and wants its enable secret.
interactive() {
  name=$(sed -n 's/^hostname //p' "$dir/config")
  paging=20
  level='#'
  [ "$mode" = enable ] && level='>'
  printf '\nUser Access Verification\n\n%s%s' "$name" "$level"
  while IFS= read -r line; do
    case "$line" in
      "terminal length 0") [ "$mode" = pager ] || paging=0 ;;
      "show running-config")
        if [ "$level" = '#' ]; then page "$dir/config"; else echo "% Invalid input"; fi ;;
      enable)
        printf 'Password: '
        stty -echo
        IFS= read -r secret
        stty echo
        printf '\n'
        if [ "$secret" = "LAB_ENABLE" ]; then level='#'; else echo '% Access denied'; fi ;;
      exit) exit 0 ;;
      "") ;;
      *) echo "% Invalid input detected at '^' marker." ;;
    esac
    printf '%s%s' "$name" "$level"
  done
  exit 0
}
page() {
  n=0
  while IFS= read -r l; do
    printf '%s\n' "$l"
    n=$((n + 1))
    if [ "$paging" -gt 0 ] && [ $((n % paging)) -eq 0 ]; then
      printf ' --More-- '
      stty -icanon min 1 -echo </dev/tty
      dd if=/dev/tty bs=1 count=1 >/dev/null 2>&1
      stty icanon echo </dev/tty
      printf '\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b'
    fi
  done <"$1"
}
set -- $SSH_CONNECTION
dir=LAB_DIR/devices/$3
[ -d "$dir" ] || { echo "no device at $3" >&2; exit 1; }
read -r mode <"$dir/mode"
read -r delay <"$dir/delay"
[ "$delay" = 0 ] || sleep "$delay"
case "$mode" in
  hang) exec sleep 600 ;;
  empty) exit 0 ;;
  fail) echo "% Invalid input detected at '^' marker." >&2; exit 1 ;;
  drop)
    # Half the config, then the connection dies: kill this session's sshd.
    size=$(wc -c <"$dir/config")
    head -c $((size / 2)) "$dir/config"
    sleep 0.2
    p=$$
    while [ "$p" -gt 1 ] && [ "$(cat /proc/$p/comm)" != sshd ]; do
      p=$(cut -d' ' -f4 /proc/$p/stat)
    done
    kill -9 "$p"
    exit 0 ;;
esac
[ -z "${SSH_ORIGINAL_COMMAND:-}" ] && interactive
[ "$mode" = shell-only ] && { echo "exec channels are not supported" >&2; exit 1; }
case "$SSH_ORIGINAL_COMMAND" in
  "show running-config") cat "$dir/config" ;;
  # A linux host: its shell runs the command (so a file name that breaks out of its quotes
  # would run commands here).
  "cat -- "*) exec sh -c "$SSH_ORIGINAL_COMMAND" ;;
  "show version") echo "Cisco IOS Software, lab device" ;;
  *) echo "% Invalid input detected at '^' marker." >&2; exit 1 ;;
esac
EOF
  sed -i -e "s|LAB_DIR|$LAB|" -e "s|LAB_ENABLE|$LAB_ENABLE_SECRET|" "$LAB/device.sh"
  chmod 755 "$LAB/device.sh"
}

# lab_inventory DIR COUNT: a Nornir inventory of devices r0..r{COUNT-1}, as lab_device
# numbered them, with the lab's port, user and platform in a group and the defaults.
lab_inventory() {
  local dir=$1 count=$2 i
  mkdir -p "$dir"
  {
    for i in $(seq 0 $((count - 1))); do
      printf 'r%d:\n  hostname: %s\n  groups: [lab]\n' "$i" "$(lab_address "$i")"
    done
  } >"$dir/hosts.yaml"
  printf 'lab:\n  platform: ios\n  port: %s\n' "$LAB_PORT" >"$dir/groups.yaml"
  printf 'username: %s\ndata:\n  site: lab\n' "$LAB_USER" >"$dir/defaults.yaml"
}
