"""Structured JSON logs through the standard `logging` module (no Powertools).

One JSON object per record, with the field names of Lambda's own JSON log format (`timestamp`,
`level`, `message`, `logger`, `requestId`) and whatever the call passes in `extra`:

    logger = get_logger(__name__)
    logger.info("Job queued", extra={"job_id": job_id})
    # {"timestamp": "...Z", "level": "INFO", "message": "Job queued", "logger": "submit_job", "requestId": "...", "job_id": "..."}

The Lambda runtime puts a handler on the root logger before it imports the function: its formatter
is replaced, so each record is still written once. `requestId` comes from the Lambda context, bound
for the length of an invocation by `bind_request_id`.
"""
import contextvars
import functools
import json
import logging
import os
import sys
import time
import traceback

_request_id = contextvars.ContextVar("aws_request_id", default=None)

# Attributes every LogRecord has (and those formatters or runtimes add): anything else came from `extra`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "aws_request_id",
    "tenant_id",
}

_configured = False


class JsonLogFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % record.msecs,
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        request_id = _request_id.get()
        if request_id:
            entry["requestId"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            error_type, error, trace = record.exc_info
            entry["errorType"] = error_type.__name__
            entry["errorMessage"] = str(error)
            entry["stackTrace"] = traceback.format_tb(trace)
        # One line per record: Lambda's runtime and CloudWatch take it as one event.
        return json.dumps(entry, default=str, ensure_ascii=False) + "\n"


def get_logger(name):
    """A logger whose records come out as JSON, at `LOG_LEVEL` (default INFO)."""
    global _configured
    if not _configured:
        root = logging.getLogger()
        if not root.handlers:  # outside Lambda (a script, a test): write to stdout
            handler = logging.StreamHandler(sys.stdout)
            handler.terminator = ""
            root.addHandler(handler)
        for handler in root.handlers:
            handler.setFormatter(JsonLogFormatter())
        root.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
        # botocore says at INFO where it found credentials and endpoints, at every cold start.
        logging.getLogger("botocore").setLevel(logging.WARNING)
        _configured = True
    return logging.getLogger(name)


def bind_request_id(handler):
    """Decorates a Lambda handler: its records carry the invocation's `requestId`."""

    @functools.wraps(handler)
    def with_request_id(event, context):
        token = _request_id.set(getattr(context, "aws_request_id", None))
        try:
            return handler(event, context)
        finally:
            _request_id.reset(token)

    return with_request_id
