"""Jobs in DynamoDB: one item per `job_id`, `status` queued -> processing -> done | failed, TTL on `expires_at`."""
import time
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from errors import NotFoundError

QUEUED, PROCESSING, DONE, FAILED = "queued", "processing", "done", "failed"
_DAY_SECONDS = 86_400
# What GET /jobs/{id} shows of a job.
_PUBLIC_FIELDS = ("job_id", "status", "result", "error", "created_at", "updated_at")


class JobStore:
    def __init__(self, table, ttl_days=7, clock=time.time):
        self._table = table
        self._ttl_seconds = ttl_days * _DAY_SECONDS
        self._clock = clock

    def create(self, job):
        now = self._now()
        self._table.put_item(
            Item={"job_id": job.job_id, "user_id": job.user_id, "prompt": job.prompt, "status": QUEUED, "created_at": now, "updated_at": now, "expires_at": self._expiry()},
            ConditionExpression="attribute_not_exists(job_id)",
        )

    def get_for_user(self, job_id, user_id):
        """The job as the API shows it; NotFoundError when it is not the user's (or does not exist)."""
        item = self._table.get_item(Key={"job_id": job_id}, ConsistentRead=True).get("Item") if job_id else None
        if not item or item.get("user_id") != user_id:
            raise NotFoundError("Job not found")
        return {field: item[field] for field in _PUBLIC_FIELDS if field in item}

    def start(self, job):
        """Marks the job processing; False when it is done already (a message delivered twice)."""
        now = self._now()
        try:
            self._table.update_item(
                Key={"job_id": job.job_id},
                # A job sent straight to the queue has no item yet: the message says whose it is.
                UpdateExpression=(
                    "SET #status = :processing, updated_at = :now, expires_at = :expires, "
                    "user_id = if_not_exists(user_id, :user), prompt = if_not_exists(prompt, :prompt), "
                    "created_at = if_not_exists(created_at, :now)"
                ),
                ConditionExpression="attribute_not_exists(job_id) OR #status <> :done",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":processing": PROCESSING, ":done": DONE, ":now": now, ":expires": self._expiry(), ":user": job.user_id, ":prompt": job.prompt},
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def complete(self, job_id, reply):
        self._table.update_item(
            Key={"job_id": job_id},
            UpdateExpression="SET #status = :done, #result = :result, input_tokens = :input, output_tokens = :output, updated_at = :now REMOVE #error",
            ExpressionAttributeNames={"#status": "status", "#result": "result", "#error": "error"},
            ExpressionAttributeValues={":done": DONE, ":result": reply.text, ":input": reply.input_tokens, ":output": reply.output_tokens, ":now": self._now()},
        )

    def fail(self, job_id, reason):
        self._table.update_item(
            Key={"job_id": job_id},
            UpdateExpression="SET #status = :failed, #error = :reason, updated_at = :now",
            ExpressionAttributeNames={"#status": "status", "#error": "error"},
            ExpressionAttributeValues={":failed": FAILED, ":reason": reason, ":now": self._now()},
        )

    def _now(self):
        return datetime.fromtimestamp(self._clock(), timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _expiry(self):
        return int(self._clock()) + self._ttl_seconds
