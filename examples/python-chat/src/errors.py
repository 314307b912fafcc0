"""Every error of the application, in one place.

`ApiError` and its subclasses become an HTTP answer `{"message": ...}` with their status (see
`http_api.api_handler`); the others stay inside the function that raises them.
"""


class ApiError(Exception):
    """An error the API caller should see, with its HTTP status."""

    status = 500

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class BadRequestError(ApiError):
    status = 400


class UnauthorizedError(ApiError):
    status = 401


class NotFoundError(ApiError):
    """Also the answer for another user's resource, so nothing leaks about it."""

    status = 404


class ModelBusyError(ApiError):
    status = 429


class ModelUnavailableError(ApiError):
    status = 502


class InvalidTokenError(Exception):
    """A bearer token that does not verify: malformed, bad signature, expired, wrong issuer or audience."""


class ModelError(Exception):
    """Bedrock refused or failed a call. `retryable`: throttling, timeouts and 5xx; not validation or access errors."""

    def __init__(self, code, message, retryable):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.retryable = retryable


class MalformedJobMessageError(Exception):
    """An SQS message that is not a job: not JSON, not an object, or a required field missing."""
