import { randomUUID } from 'node:crypto';
import { validationError } from '../errors.js';

/** One question and answer of a RetrieveAndGenerate session. */
export interface RagTurn {
  question: string;
  answer: string;
}

/** Sessions kept at most (oldest dropped first); AWS keeps a session for 24 hours. */
const MAX_SESSIONS = 1000;
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * RetrieveAndGenerate sessions: a call without `sessionId` opens one (a UUID, as AWS's); a call
 * with one continues it — AWS answers ValidationException for an id it did not hand out, and so
 * does the fake. Each session belongs to the knowledge base it was opened on.
 */
export class RagSessions {
  private readonly sessions = new Map<string, { knowledgeBaseId: string; turns: RagTurn[]; touchedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The session's earlier turns (opening a new session when `sessionId` is undefined). */
  open(sessionId: string | undefined, knowledgeBaseId: string): { sessionId: string; history: RagTurn[] } {
    if (sessionId === undefined) {
      const id = randomUUID();
      this.sessions.set(id, { knowledgeBaseId, turns: [], touchedAt: this.now() });
      this.evict();
      return { sessionId: id, history: [] };
    }
    const session = this.sessions.get(sessionId);
    if (!session || this.now() - session.touchedAt > SESSION_TTL_MS || session.knowledgeBaseId !== knowledgeBaseId) {
      throw validationError(`Session with Id ${sessionId} is not valid. Please check and try again.`);
    }
    return { sessionId, history: [...session.turns] };
  }

  record(sessionId: string, turn: RagTurn): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.turns.push(turn);
    session.touchedAt = this.now();
    // Most recently used last.
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, session);
  }

  private evict(): void {
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}
