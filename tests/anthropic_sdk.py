"""Drives the sidecar with the official Anthropic Python SDK; prints one JSON report.

Usage: python3 tests/anthropic_sdk.py http://127.0.0.1:PORT CLIENT_TOKEN
(the SDK sends the token as `x-api-key`, as Claude Code does with ANTHROPIC_API_KEY)
"""
import json
import sys

from anthropic import Anthropic

client = Anthropic(base_url=sys.argv[1], api_key=sys.argv[2], max_retries=0, timeout=30)
tools = [{
    "name": "get_weather",
    "description": "The weather in a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}]
messages = [{"role": "user", "content": "What is the weather in Paris?"}]
plain = client.messages.create(
    model="claude-test", max_tokens=1024, messages=messages, tools=tools,
    thinking={"type": "enabled", "budget_tokens": 512},
)
with client.messages.stream(
    model="claude-test", max_tokens=1024, messages=[{"role": "user", "content": "hi"}],
    thinking={"type": "enabled", "budget_tokens": 512},
) as stream:
    streamed = "".join(stream.text_stream)
    final = stream.get_final_message()
counted = client.messages.count_tokens(model="claude-test", messages=messages)
print(json.dumps({
    "blocks": [b.type for b in plain.content],
    "tool": next(b.name for b in plain.content if b.type == "tool_use"),
    "tool_input": next(b.input for b in plain.content if b.type == "tool_use"),
    "stop_reason": plain.stop_reason,
    "usage": [plain.usage.input_tokens, plain.usage.output_tokens],
    "streamed": streamed,
    "streamed_blocks": [b.type for b in final.content],
    "streamed_usage": [final.usage.input_tokens, final.usage.output_tokens],
    "count_tokens": counted.input_tokens,
}))
