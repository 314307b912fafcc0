"""POST /jobs: `{"prompt"}` -> the job stored `queued` and sent to the job queue -> 202 `{"job_id", "status"}`."""
import os
import uuid

import boto3

from http_api import api_handler, caller_user_id, json_body, json_response, required_text
from job_message import JobMessage
from job_store import QUEUED, JobStore
from json_logging import get_logger

logger = get_logger(__name__)

MAX_PROMPT_CHARS = 20_000
QUEUE_URL = os.environ["JOB_QUEUE_URL"]

sqs = boto3.client("sqs")
jobs = JobStore(boto3.resource("dynamodb").Table(os.environ["JOB_TABLE"]))


@api_handler
def lambda_handler(event, context):
    user_id = caller_user_id(event)
    prompt = required_text(json_body(event), "prompt", MAX_PROMPT_CHARS)
    job = JobMessage(job_id=str(uuid.uuid4()), user_id=user_id, prompt=prompt)
    jobs.create(job)
    try:
        sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=job.to_body())
    except Exception:
        jobs.fail(job.job_id, "The job could not be queued")
        raise
    logger.info("Job queued", extra={"job_id": job.job_id, "prompt_chars": len(prompt)})
    return json_response(202, {"job_id": job.job_id, "status": QUEUED})
