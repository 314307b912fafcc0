/**
 * Tasks in DynamoDB (`TaskTable`, key `task_id`). Every status change is a conditional write, so
 * a late or duplicate message can never move a finished task backwards.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from '../lib/awsErrors.js';
import type { StartOutcome, Task, TaskModelReply, TaskStore } from './taskTypes.js';

export interface DynamoTaskStoreOptions {
  tableName: string;
  ttlDays: number;
  now?: () => Date;
}

export class DynamoTaskStore implements TaskStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #ttlSeconds: number;
  readonly #now: () => Date;

  constructor(client: DynamoDBDocumentClient, options: DynamoTaskStoreOptions) {
    this.#client = client;
    this.#tableName = options.tableName;
    this.#ttlSeconds = options.ttlDays * 86_400;
    this.#now = options.now ?? (() => new Date());
  }

  /** Seconds since the epoch when a task touched now may expire. */
  expiresAt(): number {
    return Math.floor(this.#now().getTime() / 1000) + this.#ttlSeconds;
  }

  async create(task: Task): Promise<void> {
    await this.#client.send(
      new PutCommand({ TableName: this.#tableName, Item: task, ConditionExpression: 'attribute_not_exists(task_id)' }),
    );
  }

  async get(taskId: string): Promise<Task | undefined> {
    const output = await this.#client.send(new GetCommand({ TableName: this.#tableName, Key: { task_id: taskId }, ConsistentRead: true }));
    return output.Item as Task | undefined;
  }

  async startProcessing(taskId: string, fields: { prompt_chars: number; callback_url?: string }): Promise<StartOutcome> {
    const now = this.#now().toISOString();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { task_id: taskId },
          UpdateExpression:
            'SET #status = :processing, updated_at = :now, ' +
            'prompt_chars = :chars, expires_at = :expires' +
            (fields.callback_url ? ', callback_url = if_not_exists(callback_url, :callback)' : '') +
            ' REMOVE #error',
          ConditionExpression: 'attribute_exists(task_id) AND #status <> :succeeded',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: {
            ':processing': 'processing',
            ':succeeded': 'succeeded',
            ':now': now,
            ':chars': fields.prompt_chars,
            ':expires': this.expiresAt(),
            ...(fields.callback_url ? { ':callback': fields.callback_url } : {}),
          },
        }),
      );
      return 'started';
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return (await this.get(taskId)) ? 'succeeded' : 'missing';
      throw error;
    }
  }

  async succeed(taskId: string, reply: TaskModelReply): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { task_id: taskId },
        UpdateExpression: 'SET #status = :succeeded, #result = :result, model_id = :model, updated_at = :now, expires_at = :expires' +
          (reply.usage ? ', #usage = :usage' : ''),
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result', ...(reply.usage ? { '#usage': 'usage' } : {}) },
        ExpressionAttributeValues: {
          ':succeeded': 'succeeded',
          ':result': reply.text,
          ':model': reply.modelId,
          ':now': this.#now().toISOString(),
          ':expires': this.expiresAt(),
          ...(reply.usage ? { ':usage': reply.usage } : {}),
        },
      }),
    );
  }

  async fail(taskId: string, error: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { task_id: taskId },
        UpdateExpression: 'SET #status = :failed, #error = :error, updated_at = :now, expires_at = :expires',
        ConditionExpression: 'attribute_exists(task_id) AND #status <> :succeeded',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':succeeded': 'succeeded',
          ':error': error,
          ':now': this.#now().toISOString(),
          ':expires': this.expiresAt(),
        },
      }),
    ).catch((caught: unknown) => {
      if (isAwsError(caught, 'ConditionalCheckFailedException')) return;
      throw caught;
    });
  }

  async recordCallback(taskId: string, status: 'delivered' | 'failed'): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { task_id: taskId },
        UpdateExpression: 'SET callback_status = :status',
        ConditionExpression: 'attribute_exists(task_id)',
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  }
}
