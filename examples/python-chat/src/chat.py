"""POST /chat: `{"message", "conversation_id"?}` -> Bedrock Converse with the conversation's last
turns -> `{"conversation_id", "response"}`. Another user's conversation is a 404."""
import os
import re
import uuid

import boto3

from bedrock_converse import BedrockConverse, assistant_turn, user_turn
from conversation_store import ConversationStore
from errors import BadRequestError, ModelBusyError, ModelError, ModelUnavailableError
from http_api import api_handler, caller_user_id, json_body, json_response, required_text
from json_logging import get_logger

logger = get_logger(__name__)

MAX_MESSAGE_CHARS = 4_000
HISTORY_TURNS = int(os.environ.get("HISTORY_TURNS", "10"))
SYSTEM_PROMPT = "You are a helpful assistant. Answer clearly and concisely."
_CONVERSATION_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")

model = BedrockConverse(os.environ["MODEL_ID"], int(os.environ.get("MAX_TOKENS", "1024")), SYSTEM_PROMPT)
conversations = ConversationStore(boto3.resource("dynamodb").Table(os.environ["CONVERSATION_TABLE"]))


@api_handler
def lambda_handler(event, context):
    user_id = caller_user_id(event)
    body = json_body(event)
    message = required_text(body, "message", MAX_MESSAGE_CHARS)
    conversation_id = body.get("conversation_id")
    new_conversation = conversation_id is None
    if new_conversation:
        conversation_id = str(uuid.uuid4())
        history = []
    elif isinstance(conversation_id, str) and _CONVERSATION_ID.match(conversation_id):
        history = conversations.load_history(conversation_id, user_id, HISTORY_TURNS)
    else:
        raise BadRequestError("'conversation_id' must be the id an earlier answer returned")

    messages = []
    for turn in history:
        messages += [user_turn(turn.user_message), assistant_turn(turn.assistant_message)]
    messages.append(user_turn(message))
    try:
        reply = model.reply(messages)
    except ModelError as error:
        logger.warning("Model call failed", extra={"conversation_id": conversation_id, "error_code": error.code})
        if error.code == "ThrottlingException":
            raise ModelBusyError("The model is busy; try again shortly") from error
        raise ModelUnavailableError("The model could not answer") from error

    conversations.save_turn(conversation_id, user_id, message, reply, model.model_id, new_conversation)
    logger.info(
        "Chat answered",
        extra={
            "conversation_id": conversation_id,
            "history_turns": len(history),
            "input_tokens": reply.input_tokens,
            "output_tokens": reply.output_tokens,
            "stop_reason": reply.stop_reason,
        },
    )
    return json_response(200, {"conversation_id": conversation_id, "response": reply.text})
