"""HS256 JSON Web Token verification with the standard library: signature, `exp`, `nbf`, `iss`, `aud`, `sub`."""
import base64
import hashlib
import hmac
import json
import re
import time

from errors import InvalidTokenError

_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
# Clock skew tolerated on `exp` and `nbf`, in seconds.
LEEWAY_SECONDS = 5


def verify_hs256_jwt(token, *, secret, issuer, audience, now=None):
    """The claims of `token` when it verifies.

    >>> claims = verify_hs256_jwt(token, secret=secret, issuer="python-chat", audience="python-chat-api")
    >>> claims["sub"]
    'dev-user'

    Raises InvalidTokenError, saying why, otherwise.
    """
    parts = token.split(".")
    if len(parts) != 3 or not all(_BASE64URL.match(part) for part in parts):
        raise InvalidTokenError("malformed token")
    header_part, payload_part, signature_part = parts
    if _json_part(header_part).get("alg") != "HS256":
        raise InvalidTokenError("unexpected algorithm")
    expected = hmac.new(secret.encode("utf-8"), f"{header_part}.{payload_part}".encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _decode(signature_part)):
        raise InvalidTokenError("bad signature")

    claims = _json_part(payload_part)
    now = time.time() if now is None else now
    expires = claims.get("exp")
    if not _is_number(expires):
        raise InvalidTokenError("no expiry")
    if now > expires + LEEWAY_SECONDS:
        raise InvalidTokenError("expired")
    not_before = claims.get("nbf")
    if not_before is not None and (not _is_number(not_before) or now + LEEWAY_SECONDS < not_before):
        raise InvalidTokenError("not valid yet")
    if claims.get("iss") != issuer:
        raise InvalidTokenError("unexpected issuer")
    audiences = claims.get("aud")
    if audience not in (audiences if isinstance(audiences, list) else [audiences]):
        raise InvalidTokenError("unexpected audience")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise InvalidTokenError("no subject")
    return claims


def _decode(part):
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except ValueError:
        raise InvalidTokenError("malformed token") from None


def _json_part(part):
    try:
        value = json.loads(_decode(part))
    except ValueError:
        raise InvalidTokenError("malformed token") from None
    if not isinstance(value, dict):
        raise InvalidTokenError("malformed token")
    return value


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)
