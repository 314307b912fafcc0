"""Conversation history in DynamoDB.

Table: `conversation_id` (HASH) + `sk` (RANGE), TTL on `expires_at`. Per conversation:
- `META`: `{user_id, created_at, updated_at, expires_at}`, the owner;
- `TURN#<ISO time>#<random>`: one item per exchange, `{user_message, assistant_message, model_id,
  input_tokens, output_tokens, created_at, expires_at}`: the user message and the reply are written
  together, so the history always alternates user / assistant.
"""
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from errors import NotFoundError

META = "META"
TURN_PREFIX = "TURN#"
CONVERSATION_NOT_FOUND = "Conversation not found"
_DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Turn:
    user_message: str
    assistant_message: str


class ConversationStore:
    def __init__(self, table, ttl_days=30, clock=time.time):
        self._table = table
        self._ttl_seconds = ttl_days * _DAY_SECONDS
        self._clock = clock

    def load_history(self, conversation_id, user_id, turns):
        """The last `turns` exchanges, oldest first. NotFoundError when the conversation is not the user's (or does not exist)."""
        owner = self._table.get_item(
            Key={"conversation_id": conversation_id, "sk": META}, ProjectionExpression="user_id", ConsistentRead=True
        ).get("Item")
        if not owner or owner.get("user_id") != user_id:
            raise NotFoundError(CONVERSATION_NOT_FOUND)
        if turns <= 0:
            return []
        items = self._table.query(
            KeyConditionExpression=Key("conversation_id").eq(conversation_id) & Key("sk").begins_with(TURN_PREFIX),
            ProjectionExpression="user_message, assistant_message",
            ScanIndexForward=False,
            Limit=turns,
            ConsistentRead=True,
        )["Items"]
        return [Turn(item["user_message"], item["assistant_message"]) for item in reversed(items)]

    def save_turn(self, conversation_id, user_id, user_message, reply, model_id, new_conversation):
        """Stores `user_message` and the model's `reply` (a ModelReply) as one exchange.

        Claims the conversation for `user_id` when it is new, else re-checks its owner.
        """
        now = self._clock()
        created_at = datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        expires_at = int(now) + self._ttl_seconds
        try:
            if new_conversation:
                self._table.put_item(
                    Item={"conversation_id": conversation_id, "sk": META, "user_id": user_id, "created_at": created_at, "updated_at": created_at, "expires_at": expires_at},
                    ConditionExpression="attribute_not_exists(conversation_id)",
                )
            else:
                self._table.update_item(
                    Key={"conversation_id": conversation_id, "sk": META},
                    UpdateExpression="SET updated_at = :now, expires_at = :expires",
                    ConditionExpression="user_id = :user",
                    ExpressionAttributeValues={":now": created_at, ":expires": expires_at, ":user": user_id},
                )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFoundError(CONVERSATION_NOT_FOUND) from error
            raise
        self._table.put_item(
            Item={
                "conversation_id": conversation_id,
                "sk": f"{TURN_PREFIX}{created_at}#{secrets.token_hex(8)}",
                "user_message": user_message,
                "assistant_message": reply.text,
                "model_id": model_id,
                "input_tokens": reply.input_tokens,
                "output_tokens": reply.output_tokens,
                "created_at": created_at,
                "expires_at": expires_at,
            }
        )
