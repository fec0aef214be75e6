#!/usr/bin/env bash
# Builds the Debian package of ReEngage Gateway from a self-contained publish:
#   packaging/build-deb.sh <arch> <output-dir>        arch: amd64 | arm64 | armhf
# writes <output-dir>/reengage-gateway_<version>_<arch>.deb and prints its path on the last line.
#
# The version is <Version> in Directory.Build.props (the only place it is written); REENGAGE_VERSION
# overrides it (tests build a higher version to exercise an upgrade). REENGAGE_PUBLISHED=<dir> packages
# an existing publish (ReEngage.Gateway and reengage in one folder, e.g. <output-dir>/publish-linux-x64
# left by an earlier run) instead of publishing again. Nothing is downloaded but NuGet packages by
# dotnet restore; the package is assembled with dpkg-deb --root-owner-group.
#   packaging/build-deb.sh --version                  prints the repository's version
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
package=reengage-gateway

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
repo_version() { sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n1; }
[ "${1:-}" = --version ] && { repo_version; exit 0; }
[ $# -eq 2 ] || usage
arch="$1"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  armhf) rid=linux-arm ;;
  *) echo "build-deb.sh: unknown architecture '$arch' (amd64, arm64, armhf)" >&2; exit 2 ;;
esac

version="${REENGAGE_VERSION:-$(repo_version)}"
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "build-deb.sh: '$version' is not a usable package version (<Version> in Directory.Build.props, or REENGAGE_VERSION)" >&2
  exit 2
fi

# 1. The program: the gateway and the reengage CLI published self-contained into one folder. Both are on
#    the ASP.NET Core shared framework (the CLI references it for this), so the files they have in common
#    are the same files; that is checked below rather than assumed.
published="${REENGAGE_PUBLISHED:-}"
if [ -z "$published" ]; then
  published="$out/publish-$rid"
  cli="$out/publish-$rid-cli"
  rm -rf "$published" "$cli"
  # The assemblies carry the package's version (-p:Version) so /healthz, webhooks and the package agree.
  for project in ReEngage.Gateway:"$published" ReEngage.Gateway.Cli:"$cli"; do
    if ! dotnet publish "$repo/src/${project%%:*}" -c Release -r "$rid" --self-contained -p:Version="$version" \
         -o "${project#*:}" -v quiet -nologo >"$out/publish-$rid.log" 2>&1; then
      cat "$out/publish-$rid.log" >&2
      echo "build-deb.sh: dotnet publish of ${project%%:*} for $rid failed (see above)" >&2
      [ "$rid" = linux-arm ] && echo "build-deb.sh: linux-arm needs Microsoft's linux-arm runtime packs from NuGet; when the package source has none, armhf cannot be built" >&2
      exit 1
    fi
  done
  (cd "$cli" && find . -type f) | while read -r f; do
    if [ -e "$published/$f" ]; then
      cmp -s "$cli/$f" "$published/$f" || { echo "build-deb.sh: $f differs between the gateway's and the CLI's publish; they cannot share a folder" >&2; exit 1; }
    else
      mkdir -p "$(dirname "$published/$f")" && cp -p "$cli/$f" "$published/$f"
    fi
  done
  rm -rf "$cli"
fi
for exe in ReEngage.Gateway reengage; do
  [ -x "$published/$exe" ] || { echo "build-deb.sh: $published has no $exe executable" >&2; exit 1; }
done

# 2. The tree.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
lib="$root/usr/lib/$package"
doc="$root/usr/share/doc/$package"
mkdir -p "$lib" "$root/usr/bin" "$root/lib/systemd/system" "$root/lib/udev/rules.d" "$root/etc/reengage" \
         "$doc" "$root/usr/share/lintian/overrides" "$root/usr/share/man/man1" "$root/DEBIAN"
cp -a "$published/." "$lib/"
# Not needed at run time: the XML API docs of our own assemblies.
rm -f "$lib"/ReEngage.*.xml "$lib"/reengage.xml
cp "$repo/README.md" "$lib/README.md"
# The service reads /etc/reengage/appsettings.json through this link in its content root (the
# program's folder, as Program.cs sets it): ASP.NET Core's appsettings.Production.json.
ln -s /etc/reengage/appsettings.json "$lib/appsettings.Production.json"
ln -s "../lib/$package/reengage" "$root/usr/bin/reengage"

# The unit: systemd/reengage-gateway.service with the program where the package puts it.
sed -e "s|/opt/reengage|/usr/lib/$package|g" "$repo/systemd/reengage-gateway.service" > "$root/lib/systemd/system/reengage-gateway.service"
grep -q "ExecStart=/usr/lib/$package/ReEngage.Gateway" "$root/lib/systemd/system/reengage-gateway.service" \
  || { echo "build-deb.sh: the unit's ExecStart was not adapted" >&2; exit 1; }
install -m 0644 "$repo/hardware/70-reengage-modemmanager.rules" "$repo/hardware/99-reengage-modems.rules" "$root/lib/udev/rules.d/"
install -m 0644 "$here/debian/appsettings.json" "$root/etc/reengage/appsettings.json"

install -m 0644 "$here/debian/copyright" "$doc/copyright"
install -m 0644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/$package"
# A native package's changelog: one entry, this version (debian/changelog-entry says what it brings),
# dated by the last commit so that the same tree builds the same package.
date="$(git -C "$repo" log -1 --format=%cD 2>/dev/null || date -R)"
{
  printf '%s (%s) stable; urgency=medium\n\n' "$package" "$version"
  cat "$here/debian/changelog-entry"
  printf '\n -- %s  %s\n' "$(sed -n 's/^Maintainer: //p' "$here/debian/control")" "$date"
} | gzip -9n > "$doc/changelog.gz"
gzip -9n < "$here/debian/reengage.1" > "$root/usr/share/man/man1/reengage.1.gz"
touch -d "$date" "$doc/changelog.gz" "$root/usr/share/man/man1/reengage.1.gz"

# Ownership comes from --root-owner-group; modes are normalised: directories and executables 0755,
# everything else (assemblies, native libraries, data) 0644.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
chmod 0755 "$lib/ReEngage.Gateway" "$lib/reengage"
[ -f "$lib/createdump" ] && chmod 0755 "$lib/createdump"

for script in postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$root/DEBIAN/$script"
done
install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/conffiles"
installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" "$here/debian/control" > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's| \./| |') > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

deb="$out/${package}_${version}_${arch}.deb"
SOURCE_DATE_EPOCH="$(date -d "$date" +%s)" dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1), installed $((installed_size / 1024)) MB)"
echo "$deb"
