/**
 * The Amazon States Language as the engine reads it. Definitions are validated with
 * `asl-validator` before they get here, so these types describe shape, not guarantees.
 */
import type { Json } from './json.js';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** A set of states with a start: the machine itself, a Parallel branch or a Map's item processor. */
export interface StateGraph {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: QueryLanguage;
  Comment?: string;
  ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: string };
}

export interface StateMachineDefinition extends StateGraph {
  TimeoutSeconds?: number;
  Version?: string;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: Json;
  Assign?: Record<string, Json>;
}

/** A JSONPath choice rule (comparison or boolean combinator) or a JSONata `Condition` rule. */
export interface ChoiceRule {
  Next?: string;
  Condition?: Json;
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Output?: Json;
  Assign?: Record<string, Json>;
  [operator: string]: Json | ChoiceRule | ChoiceRule[] | Record<string, Json> | undefined;
}

/** Every field any state type may carry; each state runner reads the ones its type allows. */
export interface AslState {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Next?: string;
  End?: boolean;
  // JSONPath input/output processing
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Result?: Json;
  // JSONata
  Arguments?: Json;
  Output?: Json;
  // Variables (both languages)
  Assign?: Record<string, Json>;
  // Task
  Resource?: string;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  // Choice
  Choices?: ChoiceRule[];
  Default?: string;
  // Wait
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  // Fail
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
  // Parallel
  Branches?: StateGraph[];
  // Map
  ItemProcessor?: StateGraph;
  Iterator?: StateGraph;
  ItemsPath?: string;
  Items?: Json;
  ItemSelector?: Json;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ItemReader?: Json;
}
