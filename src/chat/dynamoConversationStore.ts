/**
 * Conversation history in DynamoDB.
 *
 * Table: `conversation_id` (HASH) + `sk` (RANGE), TTL on `expires_at`. Per conversation:
 * - `META`: `{user_id, created_at, updated_at, expires_at}`, the owner. Created with
 *   `attribute_not_exists` when the first turn is stored; its TTL is pushed forward with each turn.
 * - `TURN#<iso ms>#<random>`: `{user_id, user_message, assistant_message, model_id, created_at,
 *   expires_at, input_tokens?, output_tokens?}`.
 *
 * Why one item per turn (not one per message, as the seed did): a single PutItem stores the user
 * message and the assistant reply together, so a turn is never stored half-way, and the history
 * alternates user/assistant by construction even when two requests on one conversation run
 * concurrently — each adds its own complete pair, in the order they finish. Two concurrent turns both
 * survive (unique sort keys, see `turnKey.ts`); neither sees the other's turn, which is what a user
 * sending two messages at once should expect. No transactions are needed (so the store works with
 * any DynamoDB-compatible endpoint set through `AWS_ENDPOINT_URL_DYNAMODB`, including those without
 * transaction support).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from '../lib/awsErrors.js';
import { NotFoundError } from '../lib/errors.js';
import type { CompletedTurn, ConversationStore, StoredTurn } from './conversationTypes.js';
import { META_SORT_KEY, TURN_SORT_KEY_PREFIX, turnSortKey } from './turnKey.js';

/** The one answer for "does not exist" and "is not yours", so nothing leaks about other users' conversations. */
export const CONVERSATION_NOT_FOUND = 'Conversation not found';

const DAY_SECONDS = 86_400;

export interface DynamoConversationStoreOptions {
  tableName: string;
  /** Days after the last turn before TTL may remove the conversation's items. */
  ttlDays: number;
  /** Clock, for tests. */
  now?: () => Date;
}

export class DynamoConversationStore implements ConversationStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #ttlSeconds: number;
  readonly #now: () => Date;

  constructor(client: DynamoDBDocumentClient, options: DynamoConversationStoreOptions) {
    this.#client = client;
    this.#tableName = options.tableName;
    this.#ttlSeconds = options.ttlDays * DAY_SECONDS;
    this.#now = options.now ?? (() => new Date());
  }

  async loadHistory(conversationId: string, userId: string, turns: number): Promise<StoredTurn[]> {
    const [meta, history] = await Promise.all([
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: { conversation_id: conversationId, sk: META_SORT_KEY },
          ProjectionExpression: 'user_id',
          ConsistentRead: true,
        }),
      ),
      turns > 0 ? this.#queryLastTurns(conversationId, turns) : Promise.resolve([]),
    ]);
    if (meta.Item?.user_id !== userId) throw new NotFoundError(CONVERSATION_NOT_FOUND);
    return history;
  }

  async #queryLastTurns(conversationId: string, turns: number): Promise<StoredTurn[]> {
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'conversation_id = :id AND begins_with(sk, :turn)',
        ExpressionAttributeValues: { ':id': conversationId, ':turn': TURN_SORT_KEY_PREFIX },
        ProjectionExpression: 'sk, user_message, assistant_message',
        ScanIndexForward: false,
        Limit: turns,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? [])
      .map((item) => ({
        sortKey: String(item.sk),
        userMessage: String(item.user_message ?? ''),
        assistantMessage: String(item.assistant_message ?? ''),
      }))
      .filter((turn) => turn.userMessage !== '' && turn.assistantMessage !== '')
      .reverse();
  }

  async saveTurn(turn: CompletedTurn): Promise<void> {
    const now = this.#now();
    const createdAt = now.toISOString();
    const expiresAt = Math.floor(now.getTime() / 1000) + this.#ttlSeconds;
    await this.#claimOrTouch(turn, createdAt, expiresAt);
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          conversation_id: turn.conversationId,
          sk: turnSortKey(now),
          user_id: turn.userId,
          user_message: turn.userMessage,
          assistant_message: turn.assistantMessage,
          model_id: turn.modelId,
          created_at: createdAt,
          expires_at: expiresAt,
          input_tokens: turn.usage?.inputTokens,
          output_tokens: turn.usage?.outputTokens,
        },
        // A collision would need the same millisecond and 64 random bits; refuse rather than overwrite.
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  }

  /** Creates the owner record of a new conversation, or re-checks ownership and extends the TTL of an existing one. */
  async #claimOrTouch(turn: CompletedTurn, now: string, expiresAt: number): Promise<void> {
    try {
      if (turn.isNewConversation) {
        await this.#client.send(
          new PutCommand({
            TableName: this.#tableName,
            Item: {
              conversation_id: turn.conversationId,
              sk: META_SORT_KEY,
              user_id: turn.userId,
              created_at: now,
              updated_at: now,
              expires_at: expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(conversation_id)',
          }),
        );
      } else {
        await this.#client.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: { conversation_id: turn.conversationId, sk: META_SORT_KEY },
            UpdateExpression: 'SET updated_at = :now, expires_at = :expires',
            ConditionExpression: 'user_id = :user',
            ExpressionAttributeValues: { ':now': now, ':expires': expiresAt, ':user': turn.userId },
          }),
        );
      }
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) throw new NotFoundError(CONVERSATION_NOT_FOUND, { cause: error });
      throw error;
    }
  }
}
