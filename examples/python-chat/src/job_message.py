"""The SQS message of a job: `{"job_id", "user_id", "prompt"}` as JSON."""
import json
from dataclasses import asdict, dataclass

from errors import MalformedJobMessageError


@dataclass(frozen=True)
class JobMessage:
    job_id: str
    user_id: str
    prompt: str

    def to_body(self):
        return json.dumps(asdict(self), ensure_ascii=False)


def parse_job_message(body):
    """The job in an SQS message body; MalformedJobMessageError when it is not one."""
    try:
        fields = json.loads(body)
    except (TypeError, ValueError):
        raise MalformedJobMessageError("the body is not JSON") from None
    if not isinstance(fields, dict):
        raise MalformedJobMessageError("the body is not a JSON object")
    missing = [name for name in ("job_id", "user_id", "prompt") if not isinstance(fields.get(name), str) or not fields[name]]
    if missing:
        raise MalformedJobMessageError(f"missing or empty: {', '.join(missing)}")
    return JobMessage(fields["job_id"], fields["user_id"], fields["prompt"])
