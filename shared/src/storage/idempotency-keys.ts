/**
 * Answers kept for requests sent with an `Idempotency-Key`, per tenant and user, so
 * a client that retries (a timeout, a lost connection) gets the first answer instead
 * of a second record or a 412. A key is claimed before the request runs (insert, so
 * two copies racing each other cannot both run) and holds the answer afterwards.
 */
import { createHash } from "node:crypto";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** What a retry is answered with. */
interface KeptAnswer {
  status: number;
  body: string;
  etag?: string;
}

type KeyClaim = { kind: "claimed" } | { kind: "replay"; answer: KeptAnswer } | { kind: "other_request" } | { kind: "in_progress" };

interface KeyRow {
  fingerprint: string;
  state: "working" | "done";
  at: number;
  status?: number;
  body?: string;
  /** The answer's ETag header (the row's own ETag is the entity's). */
  answerEtag?: string;
}

/** A key is kept at least this long; after that the same key starts afresh. */
const keyRetentionMs = 24 * 60 * 60_000;
/** A claim this old whose request never finished (its instance crashed) may be taken over. */
const abandonedAfterMs = 60_000;
/** Longer answers are not kept (a retry of such a request runs again): well within a 64 KiB property. */
export const keptAnswerLimit = 30_000;

const partition = (tenantId: string): string => `${tenantId}|idem`;
const rowKey = (userId: string, key: string): string => createHash("sha256").update(`${userId}\n${key}`).digest("hex");

export class IdempotencyKeys {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("work");
  }

  /** Claims `key` for the request `fingerprint` describes, or says what a repeat gets instead. */
  async claim(tenantId: string, userId: string, key: string, fingerprint: string, now: number): Promise<KeyClaim> {
    const row = { partitionKey: partition(tenantId), rowKey: rowKey(userId, key), fingerprint, state: "working", at: now };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.table.createEntity(row);
        return { kind: "claimed" };
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
      }
      const current = await this.read(tenantId, userId, key);
      if (!current) continue;
      const expired = now - Number(current.at) > keyRetentionMs;
      const abandoned = current.state === "working" && now - Number(current.at) > abandonedAfterMs;
      if (expired || abandoned) {
        try {
          await this.table.updateEntity(row, "Replace", { etag: current.etag });
          return { kind: "claimed" };
        } catch (error) {
          if (!isStatus(error, 412)) throw error;
          continue;
        }
      }
      if (current.fingerprint !== fingerprint) return { kind: "other_request" };
      if (current.state === "working") return { kind: "in_progress" };
      return { kind: "replay", answer: { status: Number(current.status), body: current.body ?? "", ...(current.answerEtag ? { etag: current.answerEtag } : {}) } };
    }
    return { kind: "in_progress" };
  }

  /** The request ran: repeats get this answer. */
  async keep(tenantId: string, userId: string, key: string, answer: KeptAnswer): Promise<void> {
    await this.table.updateEntity(
      { partitionKey: partition(tenantId), rowKey: rowKey(userId, key), state: "done", status: answer.status, body: answer.body, ...(answer.etag ? { answerEtag: answer.etag } : {}) },
      "Merge",
    );
  }

  /** The request failed (or its answer is too long to keep): a repeat runs it again. */
  async forget(tenantId: string, userId: string, key: string): Promise<void> {
    await this.table.deleteEntity(partition(tenantId), rowKey(userId, key)).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  private async read(tenantId: string, userId: string, key: string): Promise<(KeyRow & { etag: string }) | undefined> {
    try {
      return await this.table.getEntity<KeyRow>(partition(tenantId), rowKey(userId, key));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
