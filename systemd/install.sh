#!/usr/bin/env bash
# Installs (or upgrades, or with --uninstall removes) ReEngage Gateway as a systemd service.
#   sudo systemd/install.sh --from <published build folder>
#   sudo systemd/install.sh --uninstall            # removes everything but the data (/var/lib/reengage)
#                                                   # and your settings (/etc/reengage); --purge takes those too
# --root DIR installs into DIR instead of / (for tests and image builds): nothing is started there.
# Idempotent: running it again upgrades the program and keeps /etc/reengage/appsettings.json and the data.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
root=/
from=""
uninstall=0
purge=0
start=1

while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --root) root="$2"; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    --purge) uninstall=1; purge=1; shift ;;
    --no-start) start=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

root="${root%/}"
live=0
[ -z "$root" ] && live=1
if [ "$live" = 1 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run it as root (sudo), or with --root DIR to install into a folder" >&2
  exit 2
fi

opt="$root/opt/reengage"
etc="$root/etc/reengage"
unit="$root/etc/systemd/system/reengage-gateway.service"
rules="$root/etc/udev/rules.d"

if [ "$uninstall" = 1 ]; then
  if [ "$live" = 1 ]; then
    systemctl disable --now reengage-gateway.service 2>/dev/null || true
  else
    systemctl --root="$root" disable reengage-gateway.service 2>/dev/null || true
  fi
  rm -rf "$opt"
  rm -f "$unit" "$rules/70-reengage-modemmanager.rules" "$rules/99-reengage-modems.rules"
  if [ "$purge" = 1 ]; then
    rm -rf "$etc" "$root/var/lib/reengage" "$root/var/log/reengage"
    if [ "$live" = 1 ]; then userdel reengage 2>/dev/null || true; fi
  fi
  if [ "$live" = 1 ]; then systemctl daemon-reload; udevadm control --reload-rules || true; fi
  echo "ReEngage Gateway removed.$([ "$purge" = 1 ] || echo " Kept: /var/lib/reengage (data) and /etc/reengage (settings).")"
  exit 0
fi

if [ -z "$from" ] || [ ! -x "$from/ReEngage.Gateway" ]; then
  echo "install.sh: --from must name a published build containing ReEngage.Gateway, e.g.:" >&2
  echo "  dotnet publish src/ReEngage.Gateway -c Release -r linux-arm64 --self-contained -o out/linux-arm64" >&2
  exit 2
fi

# The program: replaced whole on upgrade (no stale files from an older version).
mkdir -p "$opt.new"
cp -a "$from/." "$opt.new/"
[ -f "$repo/README.md" ] && cp "$repo/README.md" "$opt.new/README.md"
rm -rf "$opt.old"
[ -d "$opt" ] && mv "$opt" "$opt.old"
mv "$opt.new" "$opt"
rm -rf "$opt.old"

# Settings: created once, never overwritten.
mkdir -p "$etc"
if [ ! -f "$etc/appsettings.json" ]; then
  cat > "$etc/appsettings.json" <<'JSON'
{
  "Gateway": {
    "DefaultRegion": null,
    "Modems": [],
    "QuietHours": { "Start": "21:00", "End": "09:00", "TimeZone": null }
  }
}
JSON
fi
# The service reads /etc/reengage/appsettings.json through this link in its content root.
ln -sfn /etc/reengage/appsettings.json "$opt/appsettings.Production.json"

mkdir -p "$(dirname "$unit")" "$rules"
install -m 0644 "$here/reengage-gateway.service" "$unit"
install -m 0644 "$repo/hardware/70-reengage-modemmanager.rules" "$rules/70-reengage-modemmanager.rules"
install -m 0644 "$repo/hardware/99-reengage-modems.rules" "$rules/99-reengage-modems.rules"

if [ "$live" = 1 ]; then
  if ! id reengage >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/reengage --no-create-home --shell /usr/sbin/nologin --groups dialout reengage
  fi
  chown -R root:reengage "$etc"
  chmod 0750 "$etc"
  udevadm control --reload-rules && udevadm trigger --subsystem-match=tty || true
  systemctl daemon-reload
  if [ "$start" = 1 ]; then
    systemctl enable reengage-gateway.service
    systemctl restart reengage-gateway.service
    address="$(hostname -I 2>/dev/null | awk '{print $1}')"
    echo "ReEngage Gateway is running: http://${address:-localhost}:5080/  (journalctl -u reengage-gateway for the setup code)"
  fi
else
  systemctl --root="$root" enable reengage-gateway.service >/dev/null 2>&1 || true
  echo "ReEngage Gateway installed into $root (not started)."
fi
