/**
 * The async task: what `POST /tasks` stores and queues, what the processor works through,
 * what `GET /tasks/{id}` reads back.
 */
import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';

/** `queued → processing → succeeded | failed`. */
export type TaskStatus = 'queued' | 'processing' | 'succeeded' | 'failed';

/** A task item of `TaskTable` (key `task_id`). */
export interface Task {
  task_id: string;
  /** The user who submitted it (from the authorizer); absent for a message sent straight to the queue. */
  user_id?: string;
  status: TaskStatus;
  created_at: string;
  updated_at: string;
  /** Size of the prompt; the prompt itself travels in the message, not the table. */
  prompt_chars?: number;
  callback_url?: string;
  model_id?: string;
  result?: string;
  usage?: TokenUsage;
  error?: string;
  /** `delivered` or `failed` once a callback was attempted. */
  callback_status?: 'delivered' | 'failed';
  /** Epoch seconds; DynamoDB's TTL removes the item after it. */
  expires_at: number;
}

/** The body of a task message on `TaskQueue`. */
export interface TaskMessage {
  task_id: string;
  prompt: string;
  callback_url?: string;
}

/** What the model produced for a task (also what the idempotency table keeps). */
export interface TaskModelReply {
  text: string;
  modelId: string;
  stopReason?: string;
  usage?: TokenUsage;
}

/** What `startProcessing` found. */
export type StartOutcome = 'started' | 'succeeded' | 'missing';

/** Storage of tasks (DynamoDB in `dynamoTaskStore.ts`). */
export interface TaskStore {
  /** Stores a new `queued` task. */
  create(task: Task): Promise<void>;
  get(taskId: string): Promise<Task | undefined>;
  /**
   * Moves an existing task to `processing`. `succeeded`: it already succeeded, nothing left to do;
   * `missing`: no such task (a message sent straight to the queue with a made-up id), nothing is created.
   */
  startProcessing(taskId: string, fields: { prompt_chars: number; callback_url?: string }): Promise<StartOutcome>;
  /** Marks an existing, unfinished task `failed` (never creates one). */
  succeed(taskId: string, reply: TaskModelReply): Promise<void>;
  fail(taskId: string, error: string): Promise<void>;
  recordCallback(taskId: string, status: 'delivered' | 'failed'): Promise<void>;
}
