"""The job queue's worker: each job's prompt through Bedrock Converse, the answer stored on the job.

The function reports partial batch failures (`FunctionResponseTypes: [ReportBatchItemFailures]`):
only the messages listed in `batchItemFailures` go back to the queue, the rest of the batch is
deleted. A record fails when:

- its body is not a job (not JSON, a field missing): it cannot succeed, and after the queue's
  maxReceiveCount it lands in the dead-letter queue, where it can be inspected;
- the model is throttled, times out or fails (5xx): retried; on the last receive the job is marked
  failed before the message goes to the dead-letter queue.

A model refusal that retrying cannot fix (validation, access denied) fails the job and deletes the message.
"""
import os

import boto3

from bedrock_converse import BedrockConverse, user_turn
from errors import MalformedJobMessageError, ModelError
from job_message import parse_job_message
from job_store import JobStore
from json_logging import bind_request_id, get_logger

logger = get_logger(__name__)

MAX_RECEIVE_COUNT = int(os.environ.get("MAX_RECEIVE_COUNT", "3"))

model = BedrockConverse(os.environ["MODEL_ID"], int(os.environ.get("MAX_TOKENS", "1024")))
jobs = JobStore(boto3.resource("dynamodb").Table(os.environ["JOB_TABLE"]))


@bind_request_id
def lambda_handler(event, context):
    records = event.get("Records", [])
    failed = [record["messageId"] for record in records if not _process(record)]
    log = logger.warning if failed else logger.info
    log("Batch processed", extra={"records": len(records), "failed_message_ids": failed})
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}


def _process(record):
    """True when the message may be deleted, False when it must come back."""
    receive_count = int(record.get("attributes", {}).get("ApproximateReceiveCount", "1"))
    where = {"message_id": record["messageId"], "receive_count": receive_count}
    try:
        job = parse_job_message(record.get("body"))
    except MalformedJobMessageError as error:
        logger.error("Malformed job message", extra={**where, "reason": str(error)})
        return False
    where["job_id"] = job.job_id
    try:
        if not jobs.start(job):
            logger.info("Job already done; message dropped", extra=where)
            return True
        try:
            reply = model.reply([user_turn(job.prompt)])
        except ModelError as error:
            last_attempt = receive_count >= MAX_RECEIVE_COUNT
            if not error.retryable or last_attempt:
                jobs.fail(job.job_id, str(error))
            logger.warning("Model call failed", extra={**where, "error_code": error.code, "retryable": error.retryable, "last_attempt": last_attempt})
            return not error.retryable
        jobs.complete(job.job_id, reply)
    except Exception:
        logger.exception("Job processing failed", extra=where)
        return False
    logger.info("Job done", extra={**where, "input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens})
    return True
