/** Sends task messages to `TaskQueue`. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TaskMessage } from './taskTypes.js';

export interface TaskQueue {
  send(message: TaskMessage): Promise<void>;
}

export class SqsTaskQueue implements TaskQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.#client = client;
    this.#queueUrl = queueUrl;
  }

  async send(message: TaskMessage): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: { task_id: { DataType: 'String', StringValue: message.task_id } },
      }),
    );
  }
}
