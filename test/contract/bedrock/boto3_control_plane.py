"""boto3's `bedrock` (control plane) client against the fake: prints what it parsed, as JSON."""
import json
import sys

import boto3
from botocore.config import Config

url = sys.argv[1]
client = boto3.client(
    "bedrock", endpoint_url=url, region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local",
    config=Config(retries={"max_attempts": 1}),
)


def error_of(call):
    try:
        call()
        return None
    except client.exceptions.ClientError as error:
        return {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}


models = client.list_foundation_models(byProvider="anthropic", byOutputModality="TEXT")["modelSummaries"]
detail = client.get_foundation_model(modelIdentifier="anthropic.claude-opus-4-1-20250805-v1:0")["modelDetails"]
pages = list(client.get_paginator("list_inference_profiles").paginate(typeEquals="SYSTEM_DEFINED", PaginationConfig={"PageSize": 7}))
profile = client.get_inference_profile(inferenceProfileIdentifier="us.anthropic.claude-haiku-4-5-20251001-v1:0")
print(json.dumps({
    "modelIds": [model["modelId"] for model in models],
    "detail": {"modelId": detail["modelId"], "status": detail["modelLifecycle"]["status"], "endOfLifeTime": detail["modelLifecycle"]["endOfLifeTime"].isoformat()},
    "pageSizes": [len(page["inferenceProfileSummaries"]) for page in pages],
    "profileIds": [summary["inferenceProfileId"] for page in pages for summary in page["inferenceProfileSummaries"]],
    "profile": {"id": profile["inferenceProfileId"], "type": profile["type"], "models": [model["modelArn"] for model in profile["models"]], "createdAt": profile["createdAt"].isoformat()},
    "eolError": error_of(lambda: client.get_foundation_model(modelIdentifier="anthropic.claude-3-7-sonnet-20250219-v1:0")),
    "profileError": error_of(lambda: client.get_inference_profile(inferenceProfileIdentifier="us.no-such-model")),
    "enumError": error_of(lambda: client.list_foundation_models(byOutputModality="VIDEO")),
}))
