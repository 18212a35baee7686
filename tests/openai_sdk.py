"""Drives the sidecar with the official OpenAI Python SDK; prints one JSON report.

Usage: python3 tests/openai_sdk.py http://127.0.0.1:PORT/v1
"""
import json
import sys

from openai import OpenAI

client = OpenAI(base_url=sys.argv[1], api_key="not-used-by-the-sidecar", max_retries=0, timeout=30)
reply = client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
stream = client.chat.completions.create(
    model="gpt-test", messages=[{"role": "user", "content": "hi"}], stream=True
)
streamed = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
models = sorted(m.id for m in client.models.list())
print(json.dumps({
    "content": reply.choices[0].message.content,
    "usage_total": reply.usage.total_tokens,
    "streamed": streamed,
    "models": models,
}))
