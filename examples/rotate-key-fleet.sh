#!/usr/bin/env bash
# Runbook: rotate one upstream key on every host of a fleet, from the configuration file.
#
# The key lives outside the file (here: the file /etc/bizwings/keys/NAME that bizwings.toml
# names with key_file). Rotating it is: put the new key in place, apply, verify. Run it on each
# host (or from your config management); sidecars pick the key up within a second, and no
# request is lost.
set -euo pipefail

NAME=${1:?usage: rotate-key-fleet.sh PROVIDER NEW_KEY_FILE}
NEW=${2:?usage: rotate-key-fleet.sh PROVIDER NEW_KEY_FILE}
CONFIG=${BIZWINGS_CONFIG:-/etc/bizwings/bizwings.toml}
KEY_FILE=/etc/bizwings/keys/$NAME

# 1. The new key next to the old one, then in its place (same mode: 0600).
install -m 0600 "$NEW" "$KEY_FILE.new"
mv "$KEY_FILE.new" "$KEY_FILE"

# 2. What changes: only this provider's key (exit 1 means "changes pending").
bizwings apply "$CONFIG" --dry-run || [ $? -eq 1 ]

# 3. Apply: one transaction; a running sidecar reloads within a second.
bizwings apply "$CONFIG"

# 4. Verify: nothing left to change, and the provider is routable.
bizwings apply "$CONFIG" --dry-run
bizwings provider show "$NAME"
