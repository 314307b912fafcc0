"""boto3 against the fake Bedrock's knowledge bases: documents put in the local S3, an ingestion job
started and polled (bedrock-agent), retrieve with a metadata filter, retrieve_and_generate (and its
stream) with citations, then a modified and a deleted object and the incremental statistics; every
answer checked against botocore's output shape. Prints one JSON document with what it saw.
Usage: boto3_knowledge_base.py <bedrock-url> <s3-url> <knowledge-base-id> <data-source-id> <bucket> <model-arn>"""
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.validate import ParamValidator

bedrock_url, s3_url, kb_id, ds_id, bucket, model_arn = sys.argv[1:7]
common = dict(region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
s3 = boto3.client("s3", endpoint_url=s3_url, **common)
agent = boto3.client("bedrock-agent", endpoint_url=bedrock_url, **common)
runtime = boto3.client("bedrock-agent-runtime", endpoint_url=bedrock_url, **common)
shape_errors = []


def checked(client, operation, response):
    response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    model = client.meta.service_model.operation_model(operation).output_shape
    report = ParamValidator().validate(response, model)
    if report.has_errors():
        shape_errors.append(f"{operation}: {report.generate_report()}")
    return response


def ingest():
    job = checked(agent, "StartIngestionJob", agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id))["ingestionJob"]
    while True:
        current = checked(agent, "GetIngestionJob", agent.get_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job["ingestionJobId"]))["ingestionJob"]
        if current["status"] in ("COMPLETE", "FAILED"):
            return {"status": current["status"], "statistics": current["statistics"], "startStatus": job["status"]}
        time.sleep(0.02)


s3.put_object(Bucket=bucket, Key="guides/returns.md", Body=b"# Returns\n\nYou can return an item within 30 days for a full refund.")
s3.put_object(Bucket=bucket, Key="guides/returns.md.metadata.json", Body=json.dumps({"metadataAttributes": {"team": "support", "year": 2024}}).encode())
s3.put_object(Bucket=bucket, Key="guides/shipping.md", Body=b"# Shipping\n\nExpress shipping takes two business days.")
s3.put_object(Bucket=bucket, Key="old/pricing.txt", Body=b"Prices include sales tax.")

result = {"kb": checked(agent, "GetKnowledgeBase", agent.get_knowledge_base(knowledgeBaseId=kb_id))["knowledgeBase"]["status"]}
checked(agent, "ListKnowledgeBases", agent.list_knowledge_bases())
checked(agent, "GetDataSource", agent.get_data_source(knowledgeBaseId=kb_id, dataSourceId=ds_id))
checked(agent, "ListDataSources", agent.list_data_sources(knowledgeBaseId=kb_id))
result["first"] = ingest()

retrieved = checked(runtime, "Retrieve", runtime.retrieve(
    knowledgeBaseId=kb_id,
    retrievalQuery={"text": "refund"},
    retrievalConfiguration={"vectorSearchConfiguration": {"numberOfResults": 5, "filter": {"equals": {"key": "team", "value": "support"}}}},
))
result["filtered"] = [r["location"]["s3Location"]["uri"] for r in retrieved["retrievalResults"]]

answer = checked(runtime, "RetrieveAndGenerate", runtime.retrieve_and_generate(
    input={"text": "How long does express shipping take?"},
    retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": model_arn}},
))
first = answer["citations"][0]
span = first["generatedResponsePart"]["textResponsePart"]["span"]
result["rag"] = {
    "text": answer["output"]["text"],
    "spanText": answer["output"]["text"][span["start"]:span["end"] + 1],
    "partText": first["generatedResponsePart"]["textResponsePart"]["text"],
    "uri": first["retrievedReferences"][0]["location"]["s3Location"]["uri"],
    "metadata": first["retrievedReferences"][0]["metadata"],
}
followUp = runtime.retrieve_and_generate(
    input={"text": "And returns?"}, sessionId=answer["sessionId"],
    retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": model_arn}},
)
result["sameSession"] = followUp["sessionId"] == answer["sessionId"]

stream = runtime.retrieve_and_generate_stream(
    input={"text": "How long does express shipping take?"},
    retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": model_arn}},
)
events = list(stream["stream"])
result["stream"] = {
    "sessionId": bool(stream["sessionId"]),
    "text": "".join(e["output"]["text"] for e in events if "output" in e),
    "citations": sum(1 for e in events if "citation" in e),
}

try:
    runtime.retrieve(knowledgeBaseId="KBUNKNOWN1", retrievalQuery={"text": "x"})
    result["unknown"] = None
except runtime.exceptions.ResourceNotFoundException as error:
    result["unknown"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}

s3.put_object(Bucket=bucket, Key="guides/shipping.md", Body=b"# Shipping\n\nExpress shipping takes one business day now.")
s3.delete_object(Bucket=bucket, Key="old/pricing.txt")
result["second"] = ingest()
jobs = checked(agent, "ListIngestionJobs", agent.list_ingestion_jobs(knowledgeBaseId=kb_id, dataSourceId=ds_id))
result["jobs"] = [job["status"] for job in jobs["ingestionJobSummaries"]]
result["shapeErrors"] = shape_errors
print(json.dumps(result, default=str))
