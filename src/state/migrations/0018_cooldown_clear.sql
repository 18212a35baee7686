-- 0018: when an operator last cleared a provider's cooldown (`provider cooldown clear`), so a
-- running sidecar ends the cooldown it holds in memory at its next reload.
ALTER TABLE providers ADD COLUMN cooldown_cleared_at_ms INTEGER NOT NULL DEFAULT 0;
