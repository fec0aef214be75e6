#!/usr/bin/env bash
# The package's life on a real system, as root, without a running systemd (a CI machine or container):
#   packaging/test-deb.sh <reengage-gateway_X_amd64.deb> <reengage-gateway_Y_amd64.deb, Y > X>
# install X; start the gateway as the unit would (its ExecStart, Environment, EnvironmentFile and
# WorkingDirectory, as the reengage user) with its simulated modems; wait for /healthz and the setup code;
# change the conffile; upgrade to Y (dpkg --force-confold must keep the change) and check that the data
# survived and the gateway starts on it; dpkg -r (data and settings kept); dpkg -P (all gone, the user
# too). systemd-analyze verify checks the installed unit. Prints PASS/FAIL per step; exits 1 on a failure.
# It really installs the package on this machine (and purges it at the end): run it on a throw-away one.
set -uo pipefail

[ $# -eq 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
deb="$(realpath "$1")"; newer="$(realpath "$2")"
[ "$(id -u)" = 0 ] || { echo "test-deb.sh: run it as root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive

unit=/lib/systemd/system/reengage-gateway.service
settings=/etc/reengage/appsettings.json
data=/var/lib/reengage
work="$(mktemp -d)"
failures=0
gateway_pid=""

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { local what="$1"; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }

stop_gateway() {
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  gateway_pid=""
}
cleanup() { stop_gateway; rm -rf "$work"; }
trap cleanup EXIT

# The value of a unit setting (the last one wins, as in systemd), or all of them with "all".
unit_values() { sed -n "s/^$1=//p" "$unit"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts the gateway the way the unit does and waits for /healthz; $1 names the log.
start_gateway() {
  local log="$work/$1.log" exec_start working_directory user port
  exec_start="$(unit_values ExecStart | tail -n1)"
  working_directory="$(unit_values WorkingDirectory | tail -n1)"
  user="$(unit_values User | tail -n1)"
  local -a environment=()
  while IFS= read -r assignment; do environment+=("$assignment"); done < <(unit_values Environment)
  local env_file
  env_file="$(unit_values EnvironmentFile | tail -n1)"; env_file="${env_file#-}"
  if [ -n "$env_file" ] && [ -f "$env_file" ]; then
    while IFS= read -r assignment; do
      [[ "$assignment" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && environment+=("$assignment")
    done < "$env_file"
  fi
  # The one change: a free loopback port instead of the unit's 0.0.0.0:5080 (this machine is shared).
  port="$(free_port)"
  environment+=("ASPNETCORE_URLS=http://127.0.0.1:$port")
  echo "      starting as $user in $working_directory: $exec_start (${environment[*]})"
  (cd "$working_directory" && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$data" LANG=C.UTF-8 "${environment[@]}" \
     setpriv --reuid="$user" --regid="$user" --init-groups -- $exec_start) >"$log" 2>&1 &
  gateway_pid=$!
  healthz="http://127.0.0.1:$port/healthz"
  for _ in $(seq 1 120); do
    if curl -fsS -o "$work/healthz.json" "$healthz" 2>/dev/null; then return 0; fi
    kill -0 "$gateway_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "      --- gateway output ($log) ---"; tail -n 40 "$log" | sed 's/^/      /'
  return 1
}

command -v curl >/dev/null || apt-get install -y -q --no-install-recommends curl >/dev/null
if dpkg-query -W -f='${Status}' reengage-gateway 2>/dev/null | grep -q "installed"; then
  echo "      reengage-gateway was installed: purging it first"
  dpkg -P reengage-gateway >/dev/null
fi

echo "== install $(basename "$deb")"
if ! dpkg -i "$deb" >"$work/install.log" 2>&1; then
  # Missing dependencies: let apt bring them, as "apt install ./file.deb" would have.
  apt-get install -y -q -f --no-install-recommends >>"$work/install.log" 2>&1
fi
check "installed ($(dpkg-query -W -f='${Version}' reengage-gateway 2>/dev/null))" dpkg-query -W -f='${Status}\n' reengage-gateway
check "program in /usr/lib/reengage-gateway" test -x /usr/lib/reengage-gateway/ReEngage.Gateway
check "reengage on the PATH" bash -c 'command -v reengage && reengage sms count hello | grep -q "parts: *1"'
check "unit in $unit" test -f "$unit"
check "udev rules in /lib/udev/rules.d" test -f /lib/udev/rules.d/99-reengage-modems.rules -a -f /lib/udev/rules.d/70-reengage-modemmanager.rules
check "settings are a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' reengage-gateway | grep -q $settings"
check "user reengage exists, in dialout" bash -c 'id -nG reengage | tr " " "\n" | grep -qx dialout'
check "$data owned by reengage" bash -c "[ \"\$(stat -c %U:%G $data)\" = reengage:reengage ]"
check "service enabled (multi-user.target.wants link)" test -L /etc/systemd/system/multi-user.target.wants/reengage-gateway.service
if [ -f "$work/install.log" ] && grep -qi "error" "$work/install.log"; then sed 's/^/      /' "$work/install.log"; fi

echo "== systemd-analyze verify"
command -v systemd-analyze >/dev/null || apt-get install -y -q --no-install-recommends systemd >/dev/null 2>&1
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" >"$work/verify.log" 2>&1
  verify_exit=$?
  # Only what concerns our unit counts; a container without a running systemd produces other noise.
  if grep -q "reengage-gateway" "$work/verify.log"; then
    sed 's/^/      /' "$work/verify.log"; fail "systemd-analyze verify $unit"
  elif [ "$verify_exit" != 0 ]; then
    sed 's/^/      /' "$work/verify.log"
    pass "systemd-analyze verify: nothing about the unit (verify itself exited $verify_exit here: it could not run fully in this container)"
  else
    pass "systemd-analyze verify $unit"
  fi
else
  echo "      systemd-analyze is not available here: unit not verified"
fi

echo "== start as the unit would"
if start_gateway first; then pass "/healthz answers: $(head -c 120 "$work/healthz.json")"; else fail "/healthz answers"; fi
check "setup code printed" grep -Eq "setup code [0-9]{4}-[0-9]{4}" "$work/first.log"
check "simulated modems running" grep -q "simulated modem" "$work/first.log"
check "data in $data" test -s "$data/gateway.db"
stop_gateway
echo "kept across the upgrade" > "$data/marker"
chown reengage:reengage "$data/marker"
db_sum="$(sha256sum "$data/gateway.db" | cut -d' ' -f1)"

# dpkg asks about a changed conffile only when the new package's version of it differs too. When both
# packages ship the same settings, a copy of the newer one is repacked with a changed default, so that
# the question is really asked and --force-confold has to answer it.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/reengage/appsettings.json > "$work/old-settings.json"
dpkg-deb --fsys-tarfile "$newer" | tar -xO ./etc/reengage/appsettings.json > "$work/new-settings.json"
if cmp -s "$work/old-settings.json" "$work/new-settings.json"; then
  dpkg-deb -R "$newer" "$work/repack"
  sed -i 's/"Modems": \[\],/"Modems": [],\n    "MaxParts": 3,/' "$work/repack/etc/reengage/appsettings.json"
  (cd "$work/repack" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's| \./| |') > "$work/repack/DEBIAN/md5sums"
  dpkg-deb --root-owner-group -Zgzip -z1 --build "$work/repack" "$work/newer.deb" >/dev/null
  rm -rf "$work/repack"
  newer="$work/newer.deb"
  echo "      (the newer package's default settings were changed in a repacked copy, so dpkg has a conffile conflict to resolve)"
fi

echo "== change the settings, upgrade to $(basename "$2")"
sed -i 's/"DefaultRegion": null/"DefaultRegion": "IT"/' "$settings"
check "settings changed" grep -q '"DefaultRegion": "IT"' "$settings"
if dpkg -i --force-confold "$newer" </dev/null >"$work/upgrade.log" 2>&1; then pass "dpkg -i --force-confold (upgrade)"; else sed 's/^/      /' "$work/upgrade.log"; fail "dpkg -i --force-confold (upgrade)"; fi
if ! cmp -s "$work/old-settings.json" "$(dpkg-deb --fsys-tarfile "$newer" | tar -xO ./etc/reengage/appsettings.json > "$work/shipped.json"; echo "$work/shipped.json")"; then
  check "dpkg saw the conflict and kept ours (the new default is beside it as appsettings.json.dpkg-dist)" test -f "$settings.dpkg-dist"
fi
check "upgraded to $(dpkg-deb -f "$newer" Version)" bash -c "[ \"\$(dpkg-query -W -f='\${Version}' reengage-gateway)\" = \"$(dpkg-deb -f "$newer" Version)\" ]"
check "changed settings kept" grep -q '"DefaultRegion": "IT"' "$settings"
check "data kept (gateway.db unchanged, marker there)" bash -c "[ \"\$(sha256sum $data/gateway.db | cut -d' ' -f1)\" = $db_sum ] && [ -f $data/marker ]"
if start_gateway upgraded; then pass "the upgraded gateway starts on the old data"; else fail "the upgraded gateway starts on the old data"; fi
stop_gateway

echo "== dpkg -r"
dpkg -r reengage-gateway >"$work/remove.log" 2>&1 || { sed 's/^/      /' "$work/remove.log"; fail "dpkg -r"; }
check "program removed" test ! -e /usr/lib/reengage-gateway/ReEngage.Gateway
check "reengage removed from the PATH" test ! -e /usr/bin/reengage
check "unit removed" test ! -e "$unit"
check "settings kept" grep -q '"DefaultRegion": "IT"' "$settings"
check "data kept" test -s "$data/gateway.db"
check "user kept" getent passwd reengage

echo "== dpkg -P"
dpkg -P reengage-gateway >"$work/purge.log" 2>&1 || { sed 's/^/      /' "$work/purge.log"; fail "dpkg -P"; }
check "settings gone" test ! -e /etc/reengage
check "data gone" test ! -e "$data"
check "user gone" bash -c '! getent passwd reengage'
check "group gone" bash -c '! getent group reengage'
check "package gone" bash -c "! dpkg-query -W -f='\${Status}' reengage-gateway 2>/dev/null | grep -q installed"

if [ "$failures" = 0 ]; then
  echo "test-deb: PASS (install, start, upgrade with kept settings and data, remove, purge)"
  exit 0
fi
echo "test-deb: FAIL ($failures check(s) failed)"
exit 1
