"""boto3 against the fake Bedrock: converse, converse_stream, invoke_model_with_response_stream,
and a typed error. Prints one JSON document with what it saw. Usage: boto3_client.py <endpoint-url>"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import EventStreamError

endpoint = sys.argv[1]
client = boto3.client(
    "bedrock-runtime",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)
model = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
messages = [{"role": "user", "content": [{"text": "Hello from boto3"}]}]
result = {}

converse = client.converse(modelId=model, messages=messages, inferenceConfig={"maxTokens": 50})
result["converse"] = {
    "text": converse["output"]["message"]["content"][0]["text"],
    "stopReason": converse["stopReason"],
    "usage": converse["usage"],
    "latencyMs": converse["metrics"]["latencyMs"],
}

stream = client.converse_stream(modelId=model, messages=messages)
events = []
for event in stream["stream"]:
    events.append(event)
result["converse_stream"] = {
    "eventTypes": [next(iter(event)) for event in events],
    "text": "".join(event["contentBlockDelta"]["delta"].get("text", "") for event in events if "contentBlockDelta" in event),
    "stopReason": next(event["messageStop"]["stopReason"] for event in events if "messageStop" in event),
    "usage": next(event["metadata"]["usage"] for event in events if "metadata" in event),
}

body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 40, "messages": [{"role": "user", "content": "Stream from boto3"}]})
response = client.invoke_model_with_response_stream(modelId=model, body=body)
chunks = [json.loads(event["chunk"]["bytes"]) for event in response["body"] if "chunk" in event]
result["invoke_model_with_response_stream"] = {
    "chunkTypes": [chunk["type"] for chunk in chunks],
    "text": "".join(chunk["delta"].get("text", "") for chunk in chunks if chunk["type"] == "content_block_delta"),
}

try:
    client.converse(modelId="no.such-model", messages=messages)
    result["error"] = None
except client.exceptions.ValidationException as error:
    result["error"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}

stream = client.converse_stream(modelId=model, messages=[{"role": "user", "content": [{"text": "please break the stream"}]}])
try:
    for event in stream["stream"]:
        pass
    result["stream_error"] = None
except EventStreamError as error:
    # botocore raises exception events as EventStreamError named after the event, as against AWS.
    result["stream_error"] = {"code": error.response["Error"]["Code"]}

print(json.dumps(result))
