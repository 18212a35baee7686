#!/usr/bin/env bash
# Runbook: rotate the bizwings master key without losing any stored secret.
#
# Run as the user that owns the state DB, with the sidecar stopped or running (it picks up the
# change on its next reload). Safe to re-run after a crash at any point: it first finds out
# which key opens the DB and carries on from there. The rotation itself is one transaction
# and writes a backup of the DB first.
set -euo pipefail

DB=${BIZWINGS_DB:-/var/lib/bizwings/bizwings.db}
DIR=$(dirname "$DB")
KEY=${BIZWINGS_MASTER_KEY_FILE:-$DIR/master.key}
NEW_KEY=$KEY.new
export BIZWINGS_DB=$DB
unset BIZWINGS_MASTER_KEY SIDECAR_ENCRYPTION_KEY

opens() { [ -f "$1" ] && BIZWINGS_MASTER_KEY_FILE=$1 bizwings provider list >/dev/null 2>&1; }

# 1. Which key opens the DB now? The new one means a previous run got past the rotation.
if opens "$NEW_KEY"; then
    echo "the DB is already encrypted with $NEW_KEY: finishing the switch"
elif opens "$KEY"; then
    # 2. Re-encrypt everything under a new key (created if missing) in one transaction.
    #    A backup <db>.bak-<ms> is written first; keep it until step 4 succeeds.
    BIZWINGS_MASTER_KEY_FILE=$KEY bizwings provider rotate-key --master --new-key-file "$NEW_KEY" --json \
        | tee "$DIR/rotation.json"
else
    echo "neither $KEY nor $NEW_KEY opens $DB: restore the key file from backup" >&2
    exit 2
fi

# 3. Put the new key in place; keep the old one (it opens the backup) under a dated name.
if [ -f "$KEY" ] && ! cmp -s "$KEY" "$NEW_KEY"; then
    mv -n "$KEY" "$KEY.old-$(date +%Y%m%d%H%M%S)"
fi
mv "$NEW_KEY" "$KEY"

# 4. Check: every secret opens with the new key.
BIZWINGS_MASTER_KEY_FILE=$KEY bizwings provider list

# 5. Reload a running sidecar so it reads the keys with the new master key.
systemctl reload bizwings-sidecar 2>/dev/null || true

echo "done: store $KEY.old-* with the backup named in $DIR/rotation.json, then delete both from this host"
