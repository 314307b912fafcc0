"""Amazon Bedrock Converse through boto3: a list of turns in, the model's text out."""
from dataclasses import dataclass

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from errors import ModelError

# Worth another try later (the SDK has retried them already): throttling, timeouts, 5xx.
_RETRYABLE_CODES = frozenset(
    {
        "ThrottlingException",
        "ServiceUnavailableException",
        "ModelTimeoutException",
        "ModelNotReadyException",
        "InternalServerException",
        "ModelErrorException",
    }
)


@dataclass(frozen=True)
class ModelReply:
    text: str
    stop_reason: str
    input_tokens: int
    output_tokens: int


def user_turn(text):
    return {"role": "user", "content": [{"text": text}]}


def assistant_turn(text):
    return {"role": "assistant", "content": [{"text": text}]}


class BedrockConverse:
    """One model, called with Converse. Create it once per container (at import), reuse it per call."""

    def __init__(self, model_id, max_tokens, system_prompt=None, client=None):
        self.model_id = model_id
        self._max_tokens = max_tokens
        self._system = [{"text": system_prompt}] if system_prompt else []
        self._client = client or boto3.client(
            "bedrock-runtime",
            config=Config(connect_timeout=5, read_timeout=60, retries={"mode": "standard", "max_attempts": 3}),
        )

    def reply(self, messages):
        """The model's answer to `messages` (alternating user / assistant turns, the last one the user's)."""
        request = {"modelId": self.model_id, "messages": messages, "inferenceConfig": {"maxTokens": self._max_tokens}}
        if self._system:
            request["system"] = self._system
        try:
            response = self._client.converse(**request)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "Unknown")
            message = error.response.get("Error", {}).get("Message", "")
            raise ModelError(code, message, retryable=code in _RETRYABLE_CODES) from error
        except BotoCoreError as error:  # connection problems, read timeouts
            raise ModelError(type(error).__name__, str(error), retryable=True) from error
        content = response.get("output", {}).get("message", {}).get("content", [])
        usage = response.get("usage", {})
        return ModelReply(
            text="".join(block["text"] for block in content if "text" in block),
            stop_reason=response.get("stopReason", ""),
            input_tokens=usage.get("inputTokens", 0),
            output_tokens=usage.get("outputTokens", 0),
        )
