#!/usr/bin/env bash
# Runbook: rotate the bizwings master key without losing any stored secret.
#
# Run as the user that owns the state DB, with the sidecar stopped or running (it picks up the
# change on its next reload). Every step is safe to re-run: a crash leaves the DB readable with
# exactly one of the two keys, and the rotation itself writes a backup first.
set -euo pipefail

DB=${BIZWINGS_DB:-/var/lib/bizwings/bizwings.db}
DIR=$(dirname "$DB")
OLD_KEY=${BIZWINGS_MASTER_KEY_FILE:-$DIR/master.key}
NEW_KEY=$DIR/master.key.new
export BIZWINGS_DB=$DB BIZWINGS_MASTER_KEY_FILE=$OLD_KEY

# 1. The current key must open the DB before anything changes.
bizwings provider list >/dev/null

# 2. Re-encrypt everything under a new key (created if missing) in one transaction.
#    A backup <db>.bak-<ms> is written first; keep it until step 4 succeeds.
bizwings provider rotate-key --master --new-key-file "$NEW_KEY" --json | tee "$DIR/rotation.json"

# 3. Put the new key in place; keep the old one for the backup.
mv "$OLD_KEY" "$OLD_KEY.old"
mv "$NEW_KEY" "$OLD_KEY"

# 4. Check: every secret opens with the new key.
bizwings provider list

# 5. Reload a running sidecar so it reads the keys with the new master key.
systemctl reload bizwings-sidecar 2>/dev/null || true

echo "done: store $OLD_KEY.old with the backup named in $DIR/rotation.json, then delete both from this host"
