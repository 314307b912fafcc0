"""boto3 against the fake Bedrock's validation: each refusal as boto3 parses it (code, message, status)."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url = sys.argv[1]
config = Config(retries={"max_attempts": 1}, region_name="us-east-1")
session = boto3.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1")
runtime = session.client("bedrock-runtime", endpoint_url=url, config=config)
agent = session.client("bedrock-agent-runtime", endpoint_url=url, config=config)
HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
ASK = [{"role": "user", "content": [{"text": "How long do refunds take?"}]}]


def refusal(call):
    try:
        call()
        return None
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}


print(json.dumps({
    # Bounds botocore does not check client-side: the server's model validation answers.
    "model": refusal(lambda: runtime.converse(modelId=HAIKU, messages=ASK, inferenceConfig={"temperature": 1.5, "topP": 2.5})),
    "knowledge_base_id": refusal(lambda: agent.retrieve(knowledgeBaseId="KB_1", retrievalQuery={"text": "refunds"})),
    "temperature_with_top_p": refusal(lambda: runtime.converse(modelId=HAIKU, messages=ASK, inferenceConfig={"temperature": 0.5, "topP": 0.9})),
    "extraneous_key": refusal(lambda: runtime.invoke_model(modelId=HAIKU, body=json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "frequency_penalty": 1}))),
}))
