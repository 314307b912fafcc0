import type {
  ContentBlock,
  InferenceConfiguration,
  Message,
  SystemContentBlock,
  ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';

/** The parts of a Converse request body the fake uses, checked. */
export interface ValidConverseInput {
  system: SystemContentBlock[];
  messages: Message[];
  inferenceConfig: InferenceConfiguration;
  toolConfig?: ToolConfiguration;
}

const CONTENT_MEMBERS = new Set([
  'text', 'image', 'document', 'video', 'audio', 'toolUse', 'toolResult', 'guardContent', 'cachePoint',
  'reasoningContent', 'citationsContent', 'searchResult',
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A constraint in AWS's model-validation wording. Converse requests meet the service model first
 * (operations/modelInput.ts); these remain for what it lets through (a `null` list item) and for
 * family bodies read into Converse's shape. Positions count from 1, as AWS's do.
 */
function constraint(value: unknown, path: string, rule: string): Error {
  const shown = value === null || value === undefined ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
  return validationError(`1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${rule}`);
}

/** `messages.0.content.1` (Bedrock's own messages count from 0) as the model path `messages.1.member.content.2.member`. */
function memberPath(path: string): string {
  return path.replace(/\.(\d+)/g, (_match, index: string) => `.${Number(index) + 1}.member`);
}

/** Checks a Converse/ConverseStream body as Bedrock does; throws its ValidationException. */
export function validateConverseRequest(body: unknown, model: ModelEntry): ValidConverseInput {
  if (!isRecord(body)) throw validationError('Malformed input request, please reformat your input and try again.');
  const system = validateSystem(body.system, model);
  const messages = validateMessages(body.messages);
  const inferenceConfig = validateInferenceConfig(body.inferenceConfig, model);
  const toolConfig = validateToolConfig(body.toolConfig, model);
  const usesTools = messages.some((message) => message.content?.some((block) => block.toolUse || block.toolResult));
  if (usesTools && !toolConfig) {
    throw validationError('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  }
  return { system, messages, inferenceConfig, toolConfig };
}

function validateSystem(system: unknown, model: ModelEntry): SystemContentBlock[] {
  if (system === undefined || system === null) return [];
  if (!Array.isArray(system)) throw constraint(system, 'system', 'Member must be a list');
  system.forEach((block, index) => {
    if (!isRecord(block)) throw constraint(block, `system.${index + 1}.member`, 'Member must not be null');
    if (block.text !== undefined && (typeof block.text !== 'string' || block.text.length === 0)) {
      throw constraint(block.text, `system.${index + 1}.member.text`, 'Member must have length greater than or equal to 1');
    }
  });
  if (system.length > 0 && !model.supportsSystemPrompt) {
    throw validationError("This model doesn't support system messages. Try again without a system message or use a supported model.");
  }
  return system as SystemContentBlock[];
}

function validateMessages(messages: unknown): Message[] {
  if (messages === undefined || messages === null) {
    throw validationError('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  }
  if (!Array.isArray(messages)) throw constraint(messages, 'messages', 'Member must be a list');
  if (messages.length === 0) {
    throw validationError('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  }
  let previousRole: string | undefined;
  let pendingToolUseIds: string[] = [];
  messages.forEach((message, index) => {
    if (!isRecord(message)) throw constraint(message, `messages.${index + 1}.member`, 'Member must not be null');
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') {
      throw constraint(role, `messages.${index + 1}.member.role`, 'Member must satisfy enum value set: [user, assistant]');
    }
    if (index === 0 && role !== 'user') {
      throw validationError('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    }
    if (role === previousRole) {
      throw validationError('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    }
    if (!Array.isArray(message.content)) throw constraint(message.content, `messages.${index + 1}.member.content`, 'Member must be a list');
    if (message.content.length === 0) {
      throw validationError(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    const toolResultIds: string[] = [];
    const toolUseIds: string[] = [];
    message.content.forEach((block: unknown, blockIndex: number) => {
      validateBlock(block, `messages.${index}.content.${blockIndex}`, role);
      const content = block as ContentBlock;
      if (content.toolResult) toolResultIds.push(content.toolResult.toolUseId ?? '');
      if (content.toolUse) toolUseIds.push(content.toolUse.toolUseId ?? '');
    });
    if (role === 'user') {
      if (toolResultIds.length > pendingToolUseIds.length) {
        throw validationError(`The number of toolResult blocks at messages.${index}.content exceeds the number of toolUse blocks of previous turn.`);
      }
      const unknown = toolResultIds.find((id) => !pendingToolUseIds.includes(id));
      if (unknown !== undefined) {
        throw validationError(`The toolResult block at messages.${index}.content refers to toolUseId ${unknown}, which has no matching toolUse block in the previous turn.`);
      }
      const missing = pendingToolUseIds.filter((id) => !toolResultIds.includes(id));
      if (missing.length > 0) {
        throw validationError(`Expected toolResult blocks at messages.${index}.content for the following Ids: ${missing.join(', ')}`);
      }
    }
    pendingToolUseIds = role === 'assistant' ? toolUseIds : [];
    previousRole = role;
  });
  return messages as Message[];
}

function validateBlock(block: unknown, path: string, role: string): void {
  if (!isRecord(block)) throw constraint(block, memberPath(path), 'Member must not be null');
  const members = Object.keys(block).filter((key) => block[key] !== undefined && block[key] !== null);
  if (members.length !== 1 || !CONTENT_MEMBERS.has(members[0])) {
    throw validationError(`The ContentBlock object at ${path} must set exactly one of the following keys: ${[...CONTENT_MEMBERS].join(', ')}.`);
  }
  if ('text' in block) {
    if (typeof block.text !== 'string') throw constraint(block.text, `${memberPath(path)}.text`, 'Member must be a string');
    if (block.text.trim() === '') {
      throw validationError(`The text field in the ContentBlock object at ${path} is blank. Add text to the text field, and try again.`);
    }
  }
  if ('toolUse' in block) {
    const toolUse = block.toolUse;
    if (role !== 'assistant') throw validationError(`A toolUse block at ${path} can only appear in an assistant message.`);
    if (!isRecord(toolUse) || typeof toolUse.toolUseId !== 'string' || typeof toolUse.name !== 'string' || toolUse.input === undefined) {
      throw validationError(`The toolUse block at ${path} must have toolUseId, name and input.`);
    }
  }
  if ('toolResult' in block) {
    const toolResult = block.toolResult;
    if (role !== 'user') throw validationError(`A toolResult block at ${path} can only appear in a user message.`);
    if (!isRecord(toolResult) || typeof toolResult.toolUseId !== 'string' || !Array.isArray(toolResult.content)) {
      throw validationError(`The toolResult block at ${path} must have toolUseId and content.`);
    }
  }
}

function validateInferenceConfig(config: unknown, model: ModelEntry): InferenceConfiguration {
  if (config === undefined || config === null) return {};
  if (!isRecord(config)) throw constraint(config, 'inferenceConfig', 'Member must be a structure');
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (maxTokens !== undefined) {
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) throw constraint(maxTokens, 'inferenceConfig.maxTokens', 'Member must be an integer');
    if (maxTokens < 1) throw constraint(maxTokens, 'inferenceConfig.maxTokens', 'Member must have value greater than or equal to 1');
    const limit = model.maxOutputTokens ?? Number.POSITIVE_INFINITY;
    if (maxTokens > limit) {
      throw validationError(`The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`);
    }
  }
  for (const [name, value] of [['temperature', temperature], ['topP', topP]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number') throw constraint(value, `inferenceConfig.${name}`, 'Member must be a number');
    if (value < 0) throw constraint(value, `inferenceConfig.${name}`, 'Member must have value greater than or equal to 0');
    if (value > 1) throw constraint(value, `inferenceConfig.${name}`, 'Member must have value less than or equal to 1');
  }
  if (stopSequences !== undefined) {
    if (!Array.isArray(stopSequences) || stopSequences.some((item) => typeof item !== 'string' || item.length === 0)) {
      throw constraint(stopSequences, 'inferenceConfig.stopSequences', 'Member must be a list of non-empty strings');
    }
  }
  return config as InferenceConfiguration;
}

function validateToolConfig(config: unknown, model: ModelEntry): ToolConfiguration | undefined {
  if (config === undefined || config === null) return undefined;
  if (!isRecord(config)) throw constraint(config, 'toolConfig', 'Member must be a structure');
  if (!Array.isArray(config.tools) || config.tools.length === 0) {
    throw constraint(config.tools, 'toolConfig.tools', 'Member must have length greater than or equal to 1');
  }
  const names: string[] = [];
  config.tools.forEach((tool: unknown, index: number) => {
    if (!isRecord(tool)) throw constraint(tool, `toolConfig.tools.${index + 1}.member`, 'Member must not be null');
    if (tool.cachePoint || tool.systemTool) return;
    const spec = tool.toolSpec;
    if (!isRecord(spec)) throw validationError(`The tool at toolConfig.tools.${index} must set toolSpec.`);
    if (typeof spec.name !== 'string' || !TOOL_NAME.test(spec.name)) {
      throw constraint(spec.name, `toolConfig.tools.${index + 1}.member.toolSpec.name`, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+');
    }
    if (!isRecord(spec.inputSchema) || !isRecord(spec.inputSchema.json)) {
      throw validationError(`The inputSchema of tool ${spec.name} must be a JSON schema object.`);
    }
    if (names.includes(spec.name)) throw validationError(`The toolConfig field contains duplicate tool names: ${spec.name}.`);
    names.push(spec.name);
  });
  const choice = config.toolChoice;
  if (isRecord(choice) && isRecord(choice.tool) && !names.includes(String(choice.tool.name))) {
    throw validationError(`The tool ${String(choice.tool.name)} named in toolChoice is not defined in toolConfig.tools.`);
  }
  if (!model.supportsToolUse) throw validationError("This model doesn't support tool use.");
  return config as unknown as ToolConfiguration;
}
