/**
 * The knowledge base on Amazon Bedrock: `Retrieve` and `RetrieveAndGenerate` against one knowledge
 * base id. Bedrock errors are translated to HTTP errors here, at the boundary (see `knowledgeBaseErrors.ts`).
 */
import { RetrieveAndGenerateCommand, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import type {
  BedrockAgentRuntimeClient,
  KnowledgeBaseRetrievalConfiguration,
  RetrieveAndGenerateCommandOutput,
  RetrieveCommandOutput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { knowledgeBaseHttpError } from './knowledgeBaseErrors.js';

/** What the handler needs from a knowledge base (the Bedrock one here, fakes in unit tests). */
export interface KnowledgeBase {
  /** The passages most relevant to `question`, best first. */
  retrieve(question: string, maxResults: number | undefined): Promise<Omit<RetrieveCommandOutput, '$metadata'>>;
  /** An answer to `question` written by the model `modelArn` from the retrieved passages, with citations. */
  retrieveAndGenerate(question: string, modelArn: string, maxResults: number | undefined): Promise<Omit<RetrieveAndGenerateCommandOutput, '$metadata'>>;
}

function retrievalConfiguration(maxResults: number | undefined): KnowledgeBaseRetrievalConfiguration | undefined {
  return maxResults === undefined ? undefined : { vectorSearchConfiguration: { numberOfResults: maxResults } };
}

export class BedrockKnowledgeBase implements KnowledgeBase {
  readonly knowledgeBaseId: string;
  readonly #client: BedrockAgentRuntimeClient;

  constructor(client: BedrockAgentRuntimeClient, knowledgeBaseId: string) {
    this.#client = client;
    this.knowledgeBaseId = knowledgeBaseId;
  }

  async retrieve(question: string, maxResults: number | undefined): Promise<Omit<RetrieveCommandOutput, '$metadata'>> {
    try {
      return await this.#client.send(
        new RetrieveCommand({
          knowledgeBaseId: this.knowledgeBaseId,
          retrievalQuery: { text: question },
          retrievalConfiguration: retrievalConfiguration(maxResults),
        }),
      );
    } catch (error) {
      throw knowledgeBaseHttpError(error);
    }
  }

  async retrieveAndGenerate(question: string, modelArn: string, maxResults: number | undefined): Promise<Omit<RetrieveAndGenerateCommandOutput, '$metadata'>> {
    try {
      return await this.#client.send(
        new RetrieveAndGenerateCommand({
          input: { text: question },
          retrieveAndGenerateConfiguration: {
            type: 'KNOWLEDGE_BASE',
            knowledgeBaseConfiguration: {
              knowledgeBaseId: this.knowledgeBaseId,
              modelArn,
              retrievalConfiguration: retrievalConfiguration(maxResults),
            },
          },
        }),
      );
    } catch (error) {
      throw knowledgeBaseHttpError(error);
    }
  }
}
