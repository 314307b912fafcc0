"""boto3 against the fake Bedrock's guardrails: apply_guardrail (pass, block, mask, unknown id) and a
converse_stream whose output the guardrail blocks. Prints one JSON document with what it saw.
Usage: boto3_guardrail.py <endpoint-url> <guardrail-id> <model-id>"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.validate import ParamValidator

endpoint, guardrail_id, model = sys.argv[1], sys.argv[2], sys.argv[3]
client = boto3.client(
    "bedrock-runtime",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)


def apply(text, source, version="DRAFT", **extra):
    response = client.apply_guardrail(
        guardrailIdentifier=guardrail_id, guardrailVersion=version, source=source, content=[{"text": {"text": text}}], **extra
    )
    response.pop("ResponseMetadata", None)
    return response


result = {
    "pass": apply("What is the capital of France?", "INPUT"),
    "blocked": apply("Which stocks should I buy?", "INPUT", version="1"),
    "masked": apply("Write to jane@example.com", "OUTPUT", outputScope="FULL"),
}
try:
    client.apply_guardrail(guardrailIdentifier="zzzzzzzzzzzz", guardrailVersion="DRAFT", source="INPUT", content=[{"text": {"text": "hi"}}])
    result["unknown"] = None
except client.exceptions.ResourceNotFoundException as error:
    result["unknown"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}

stream = client.converse_stream(
    modelId=model,
    messages=[{"role": "user", "content": [{"text": "Please describe the battle"}]}],
    guardrailConfig={"guardrailIdentifier": guardrail_id, "guardrailVersion": "DRAFT", "trace": "enabled"},
)
events = list(stream["stream"])
result["stream"] = {
    "text": "".join(e["contentBlockDelta"]["delta"].get("text", "") for e in events if "contentBlockDelta" in e),
    "stopReason": next(e["messageStop"]["stopReason"] for e in events if "messageStop" in e),
    "trace": next(e["metadata"].get("trace") for e in events if "metadata" in e),
}

# Fidelity: every answer against botocore's own output shape (required members and types; botocore's validator does not check enums).
service_model = client.meta.service_model


def shape_errors(operation, response):
    response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    report = ParamValidator().validate(response, service_model.operation_model(operation).output_shape)
    return report.generate_report() if report.has_errors() else None


converse = client.converse(
    modelId=model,
    messages=[{"role": "user", "content": [{"text": "Please describe the battle"}]}],
    guardrailConfig={"guardrailIdentifier": guardrail_id, "guardrailVersion": "DRAFT", "trace": "enabled_full"},
)
result["shapeErrors"] = [
    error
    for error in (
        shape_errors("ApplyGuardrail", result["pass"]),
        shape_errors("ApplyGuardrail", result["blocked"]),
        shape_errors("ApplyGuardrail", result["masked"]),
        shape_errors("Converse", converse),
    )
    if error
]
result["converseTrace"] = converse.get("trace")
print(json.dumps(result, default=str))
