-- 0008: where a provider's key comes from when `bizwings apply` set it (`env:VAR` or
-- `file:PATH`; never the key), so `bizwings export` can write the reference back.
ALTER TABLE providers ADD COLUMN key_ref TEXT NOT NULL DEFAULT '';
