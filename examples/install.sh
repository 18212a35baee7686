#!/usr/bin/env bash
# Installs bizwings where the shipped units expect it, as root from the source tree:
#   sudo bash examples/install.sh
# the binary in /usr/local/bin, the `bizwings` user (sysusers.d), /var/lib/bizwings (0700) and
# /etc/bizwings (tmpfiles.d), the units in /etc/systemd/system, and the state (`init`, owned by
# the service user). Enabling is left to you: `systemctl enable --now bizwings-sidecar`.
#   BIZWINGS_BIN=path/to/bizwings   install that binary instead of building a release one
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
bin=${BIZWINGS_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --locked --quiet
    bin=target/release/bizwings
fi
install -D -m 0755 "$bin" /usr/local/bin/bizwings
install -D -m 0644 examples/systemd/bizwings.sysusers /usr/lib/sysusers.d/bizwings.conf
install -D -m 0644 examples/systemd/bizwings.tmpfiles /usr/lib/tmpfiles.d/bizwings.conf
for unit in examples/systemd/*.service examples/systemd/*.timer; do
    install -D -m 0644 "$unit" "/etc/systemd/system/$(basename "$unit")"
done
systemd-sysusers /usr/lib/sysusers.d/bizwings.conf
# State left by another user (the demo run as root) is handed to the service user by tmpfiles:
# say so rather than change owners silently.
stray=$(find /var/lib/bizwings -mindepth 1 ! -user bizwings 2>/dev/null | head -20 || true)
if [ -n "$stray" ]; then
    echo "install.sh: handing these to the bizwings user (another user owned them):" >&2
    echo "$stray" | sed 's/^/  /' >&2
fi
systemd-tmpfiles --create /usr/lib/tmpfiles.d/bizwings.conf
# The state belongs to the service user, as every shipped unit runs.
runuser -u bizwings -- env BIZWINGS_DB=/var/lib/bizwings/bizwings.db \
    BIZWINGS_MASTER_KEY_FILE=/var/lib/bizwings/master.key /usr/local/bin/bizwings init
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
echo "installed; next: systemctl enable --now bizwings-sidecar bizwings-backup.timer ..." >&2
