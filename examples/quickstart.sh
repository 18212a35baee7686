#!/usr/bin/env bash
# Quick start: build bizwings, create the state, add one provider, serve the proxy.
# Safe to run again. The upstream key comes from OPENAI_API_KEY (never from the command line);
# without one, the in-process demo provider answers (models demo-chat and demo-embed).
#   OPENAI_API_KEY=sk-... bash examples/quickstart.sh
# Then point any OpenAI client at http://127.0.0.1:9190/v1.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bw=target/release/bizwings
if [ -z "${OPENAI_API_KEY:-}" ]; then
    exec "$bw" sidecar serve --demo --demo-429 "${DEMO_429:-20}"
fi
"$bw" init
if ! "$bw" provider show openai >/dev/null 2>&1; then
    "$bw" provider add openai --url "${OPENAI_BASE_URL:-https://api.openai.com/v1}" \
        --key-env OPENAI_API_KEY --model gpt-4o-mini --price gpt-4o-mini=0.15,0.60
fi
"$bw" provider list
exec "$bw" sidecar serve
