"""Builds a Sidecar V2 database the way the seed does (schema from the seed; keys encrypted with
AES-256-GCM, `nonce_hex:ciphertext_hex`, no associated data).

Usage: python3 tests/sidecar_v2.py DB_PATH HEX_KEY BASE_URL
"""
import json, os, sqlite3, sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

db, hex_key, base_url = sys.argv[1], sys.argv[2], sys.argv[3]
aes = AESGCM(bytes.fromhex(hex_key))

def encrypt(plain):
    nonce = os.urandom(12)
    return nonce.hex() + ":" + aes.encrypt(nonce, plain.encode(), None).hex()

con = sqlite3.connect(db)
con.executescript("""
CREATE TABLE backends (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT DEFAULT '', api_base_url TEXT NOT NULL,
  api_key_encrypted TEXT NOT NULL, api TEXT NOT NULL DEFAULT 'openai-completions',
  timeout_seconds INTEGER NOT NULL DEFAULT 120, rpm_limit INTEGER NOT NULL DEFAULT 40,
  pool TEXT NOT NULL DEFAULT 'primary' CHECK(pool IN ('primary', 'fallback')),
  enabled INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'healthy' CHECK(status IN ('healthy', 'cooling', 'error', 'disabled')),
  model_mappings_json TEXT DEFAULT '{}', source TEXT NOT NULL DEFAULT 'webui',
  cooldown_until TEXT, consecutive_429_count INTEGER DEFAULT 0, metadata_json TEXT DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (datetime('now')), updated_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE backend_usage_logs (
  id TEXT PRIMARY KEY, backend_id TEXT NOT NULL REFERENCES backends(id) ON DELETE CASCADE,
  model TEXT DEFAULT 'unknown', prompt_tokens INTEGER DEFAULT 0, completion_tokens INTEGER DEFAULT 0,
  total_tokens INTEGER DEFAULT 0, cost REAL DEFAULT 0.0, request_count INTEGER DEFAULT 0,
  error_count INTEGER DEFAULT 0, avg_latency_ms INTEGER DEFAULT 0, ttft_ms INTEGER DEFAULT 0,
  hour_bucket TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')));
""")
mappings = {"deepseek-v4": {"native_id": "deepseek-ai/deepseek-v4-pro", "reasoning": False,
                            "cost": {"input": 0.000001, "output": 0.000004, "cacheRead": 0.0, "cacheWrite": 0.0},
                            "context_window": 128000, "max_tokens": 65536}}
rows = [
    ("bk_1", "ds-primary", "DeepSeek", base_url, encrypt("sk-v2-primary-key-0123456789"), 60, 30, "primary", 1, json.dumps(mappings)),
    ("bk_2", "ds-backup", "", base_url, encrypt("sk-v2-backup-key-9876543210"), 30, 10, "fallback", 0, json.dumps(mappings)),
]
con.executemany("INSERT INTO backends (id, name, label, api_base_url, api_key_encrypted, timeout_seconds, "
                "rpm_limit, pool, enabled, model_mappings_json) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
con.execute("INSERT INTO backend_usage_logs (id, backend_id, model, prompt_tokens, completion_tokens, "
            "total_tokens, cost, request_count, error_count, avg_latency_ms, ttft_ms, hour_bucket) "
            "VALUES ('u1', 'bk_1', 'deepseek-v4', 1000, 500, 1500, 0.003, 7, 1, 800, 120, '2026-06-24T10:00:00Z')")
con.commit()
