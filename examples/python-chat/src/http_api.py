"""API Gateway REST (proxy, payload 1.0) requests and answers."""
import base64
import binascii
import decimal
import functools
import json

from errors import ApiError, BadRequestError, UnauthorizedError
from json_logging import bind_request_id, get_logger

logger = get_logger(__name__)


def json_response(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body, default=_json_number)}


def api_handler(handler):
    """Decorates a proxy handler: an `ApiError` becomes its status and `{"message"}`, anything else a logged 500."""

    @bind_request_id
    @functools.wraps(handler)
    def answering_errors(event, context):
        try:
            return handler(event, context)
        except ApiError as error:
            logger.info("Request refused", extra={"status": error.status, "reason": error.message})
            return json_response(error.status, {"message": error.message})
        except Exception:
            logger.exception("Request failed")
            return json_response(500, {"message": "Internal server error"})

    return answering_errors


def json_body(event):
    """The request body as a JSON object."""
    body = event.get("body") or ""
    try:
        if event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8")
        parsed = json.loads(body)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadRequestError("The body must be a JSON object") from None
    if not isinstance(parsed, dict):
        raise BadRequestError("The body must be a JSON object")
    return parsed


def required_text(body, field, max_chars):
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise BadRequestError(f"'{field}' must be a non-empty string")
    if len(value) > max_chars:
        raise BadRequestError(f"'{field}' must be at most {max_chars} characters")
    return value


def caller_user_id(event):
    """The user the TOKEN authorizer verified: its `context.userId`, else its `principalId`."""
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    user_id = authorizer.get("userId") or authorizer.get("principalId")
    if not isinstance(user_id, str) or not user_id:
        raise UnauthorizedError("Unauthorized")
    return user_id


def _json_number(value):
    """DynamoDB numbers come back as Decimal."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
