"""Drives the sidecar's Responses endpoint with the official OpenAI Python SDK, as Codex and
the OpenAI Agents SDK do; prints one JSON report.

Usage: python3 tests/openai_responses.py http://127.0.0.1:PORT/v1 CLIENT_TOKEN
"""
import json
import sys

from openai import OpenAI

client = OpenAI(base_url=sys.argv[1], api_key=sys.argv[2], max_retries=0, timeout=30)
first = client.responses.create(model="gpt-test", input="hi")
events = []
text = ""
completed = None
for event in client.responses.create(model="gpt-test", input="hi", stream=True):
    events.append(event.type)
    if event.type == "response.output_text.delta":
        text += event.delta
    if event.type == "response.completed":
        completed = event.response
follow = client.responses.create(model="gpt-test", input="and then?", previous_response_id=first.id)
again = client.responses.retrieve(first.id)
print(json.dumps({
    "id": first.id,
    "text": first.output_text,
    "usage": [first.usage.input_tokens, first.usage.output_tokens],
    "events": events,
    "streamed": text,
    "streamed_usage": [completed.usage.input_tokens, completed.usage.output_tokens],
    "follow_up": follow.output_text,
    "follow_up_previous": follow.previous_response_id,
    "retrieved": again.id,
}))
