#!/usr/bin/env bash
# Builds a Debian package of bizwings with dpkg-deb (Debian's own tool), from the source tree:
#   bash examples/package/build-deb.sh          # target/debian/bizwings_VERSION_ARCH.deb
#   sudo apt install ./target/debian/bizwings_*.deb
# It holds the binary (/usr/bin), the systemd units, sysusers and tmpfiles entries, man pages,
# shell completions and the examples; its postinst creates the `bizwings` user and the state
# (`init`, as that user) and enables nothing. Dependencies are the packages that own the
# shared libraries the binary links (libc6, libssl3…), as on the build machine.
#   BIZWINGS_BIN=path/to/bizwings   package that binary instead of building a release one
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIZWINGS_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --locked --quiet
    bin=target/release/bizwings
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -D -m 0755 "$bin" "$root/usr/bin/bizwings"
for unit in examples/systemd/*.service examples/systemd/*.timer; do
    # The units name /usr/local/bin (install.sh's place); a package's binary is in /usr/bin.
    sed 's#/usr/local/bin/bizwings#/usr/bin/bizwings#g' "$unit" \
        | install -D -m 0644 /dev/stdin "$root/usr/lib/systemd/system/$(basename "$unit")"
done
install -D -m 0644 examples/systemd/bizwings.sysusers "$root/usr/lib/sysusers.d/bizwings.conf"
install -D -m 0644 examples/systemd/bizwings.tmpfiles "$root/usr/lib/tmpfiles.d/bizwings.conf"
for page in man/*.1; do
    install -D -m 0644 "$page" "$root/usr/share/man/man1/$(basename "$page")"
    gzip -9n "$root/usr/share/man/man1/$(basename "$page")"
done
install -D -m 0644 completions/bizwings.bash "$root/usr/share/bash-completion/completions/bizwings"
install -D -m 0644 completions/_bizwings "$root/usr/share/zsh/vendor-completions/_bizwings"
install -D -m 0644 completions/bizwings.fish "$root/usr/share/fish/vendor_completions.d/bizwings.fish"
mkdir -p "$root/usr/share/doc/bizwings"
cp -r examples "$root/usr/share/doc/bizwings/examples"
cp README.md SECURITY.md CHANGELOG.md "$root/usr/share/doc/bizwings/"

depends=$(ldd "$bin" | awk '/=>/ {print $3}' | while read -r lib; do
    dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$lib"
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: bizwings
Version: $version
Architecture: $arch
Maintainer: bizwings developers <bizwings@localhost>
Depends: $depends, systemd
Section: admin
Priority: optional
Installed-Size: $(du -sk "$root" | cut -f1)
Description: operations toolkit for teams running LLM-backed agents
 One binary: an LLM key proxy (sidecar), server checks over SSH, backups,
 Alertmanager-to-Feishu alerts and heartbeats that drive agents.
CONTROL
cat >"$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
# The user and the state; no unit is enabled (`systemctl enable --now bizwings-sidecar`).
set -e
if [ "$1" = configure ]; then
    systemd-sysusers /usr/lib/sysusers.d/bizwings.conf
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/bizwings.conf
    runuser -u bizwings -- env BIZWINGS_DB=/var/lib/bizwings/bizwings.db \
        BIZWINGS_MASTER_KEY_FILE=/var/lib/bizwings/master.key /usr/bin/bizwings -q init
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
    fi
fi
POSTINST
cat >"$root/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
# The state (/var/lib/bizwings: the DB and its master key) is kept, even on purge: it holds
# secrets no package should delete on its own.
set -e
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
POSTRM
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
mkdir -p target/debian
out="target/debian/bizwings_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "$out"
