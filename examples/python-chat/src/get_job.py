"""GET /jobs/{id}: the caller's job, `{"job_id", "status", "result"?, "error"?, "created_at", "updated_at"}`."""
import os

import boto3

from http_api import api_handler, caller_user_id, json_response
from job_store import JobStore

jobs = JobStore(boto3.resource("dynamodb").Table(os.environ["JOB_TABLE"]))


@api_handler
def lambda_handler(event, context):
    user_id = caller_user_id(event)
    job_id = (event.get("pathParameters") or {}).get("id", "")
    return json_response(200, jobs.get_for_user(job_id, user_id))
