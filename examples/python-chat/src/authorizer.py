"""Lambda TOKEN authorizer of the API: `Authorization: Bearer <HS256 JWT>`.

- no bearer token: `Unauthorized` (API Gateway answers 401);
- a token that does not verify: a Deny policy (403);
- a valid token: an Allow policy for the whole API stage, `principalId` = `sub`, `context.userId` = `sub`.
"""
import os
import re

from errors import InvalidTokenError
from json_logging import bind_request_id, get_logger
from jwt_hs256 import verify_hs256_jwt

logger = get_logger(__name__)

SECRET = os.environ.get("AUTH_JWT_SECRET", "")
ISSUER = os.environ["AUTH_ISSUER"]
AUDIENCE = os.environ["AUTH_AUDIENCE"]
if len(SECRET.encode("utf-8")) < 32:
    # Fails the init, so a deployment without a real secret cannot let anything through.
    raise RuntimeError("AUTH_JWT_SECRET must be at least 32 bytes")

_BEARER = re.compile(r"^Bearer[ \t]+(\S+)$", re.IGNORECASE)


@bind_request_id
def lambda_handler(event, context):
    match = _BEARER.match((event.get("authorizationToken") or "").strip())
    if not match:
        logger.info("No bearer token")
        # The exact message API Gateway turns into 401 Unauthorized.
        raise Exception("Unauthorized")
    method_arn = event["methodArn"]
    try:
        claims = verify_hs256_jwt(match.group(1), secret=SECRET, issuer=ISSUER, audience=AUDIENCE)
    except InvalidTokenError as error:
        logger.info("Token refused", extra={"reason": str(error)})
        return _policy("unauthorized", "Deny", method_arn)
    user_id = claims["sub"]
    logger.info("Token accepted", extra={"user_id": user_id})
    return _policy(user_id, "Allow", method_arn, {"userId": user_id})


def _policy(principal_id, effect, method_arn, context=None):
    # API Gateway caches the policy per token (ReauthorizeEvery) and applies it to every route,
    # so it names the whole stage: arn:aws:execute-api:<region>:<account>:<api>/<stage>/*
    api_arn, _, rest = method_arn.partition("/")
    stage = rest.split("/", 1)[0]
    policy = {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": f"{api_arn}/{stage}/*"}],
        },
    }
    if context:
        policy["context"] = context
    return policy
