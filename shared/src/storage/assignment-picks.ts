/**
 * Round-robin and least-open assignment: each pool's counter, and each action's pick,
 * in the pool's own partition `<tenant>|rr|<workflow>|<pool>`. A pick is written in one
 * batch with the advanced counter, so they move together, and an action that runs
 * again (a retry, a redelivery) finds its pick instead of taking another turn.
 */
import type { TransactionAction } from "@azure/data-tables";
import { AppError } from "../errors/app-error.js";
import { hashKey } from "../domain/ids.js";
import type { RowProperties } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** Whose turn it is, given the pool's counter (how many picks were made). */
type ChooseByTurn = (counter: number) => Promise<string>;

interface PoolRef {
  workflowId: string;
  /** The pool as defined (users and/or a role): a changed pool counts afresh. */
  pool: unknown;
}

const partition = (tenantId: string, ref: PoolRef) => `${tenantId}|rr|${ref.workflowId}|${hashKey(JSON.stringify(ref.pool))}`;

export class AssignmentPicks {
  /** Picks of one pool in this process wait for each other instead of racing for the counter's ETag. */
  private readonly inProcess = new Map<string, Promise<unknown>>();

  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("work");
  }

  /** The user picked for the action `actionKey`: decided once, the counter advanced with it. */
  async pick(tenantId: string, ref: PoolRef, actionKey: string, choose: ChooseByTurn, at: string): Promise<string> {
    const partitionKey = partition(tenantId, ref);
    const before = this.inProcess.get(partitionKey) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.pickNow(partitionKey, actionKey, choose, at));
    this.inProcess.set(partitionKey, mine);
    try {
      return await mine;
    } finally {
      if (this.inProcess.get(partitionKey) === mine) this.inProcess.delete(partitionKey);
    }
  }

  /** Other instances may pick from the same pool: the counter's ETag decides, and a loser reads again. */
  private async pickNow(partitionKey: string, actionKey: string, choose: ChooseByTurn, at: string): Promise<string> {
    const planKey = `plan|${hashKey(actionKey)}`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const planned = await this.read(partitionKey, planKey);
      if (planned) return String(planned.userId);
      const counterRow = await this.read(partitionKey, "counter");
      const counter = Number(counterRow?.next ?? 0);
      const userId = await choose(counter);
      const counterEntity = { partitionKey, rowKey: "counter", next: counter + 1 };
      const batch: TransactionAction[] = [
        ["create", { partitionKey, rowKey: planKey, userId, at }],
        counterRow ? ["update", counterEntity, "Replace", { etag: String(counterRow.etag) }] : ["create", counterEntity],
      ];
      try {
        await this.table.submitTransaction(batch);
        return userId;
      } catch (error) {
        // Another run took the counter (or made this pick) first: read again.
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
    throw new AppError("unavailable", "The assignment counter is busy; the run will try again.");
  }

  /** Whom the next pick would be (a dry run): nothing is written. */
  async peek(tenantId: string, ref: PoolRef, choose: ChooseByTurn): Promise<string> {
    const counterRow = await this.read(partition(tenantId, ref), "counter");
    return choose(Number(counterRow?.next ?? 0));
  }

  private async read(partitionKey: string, rowKey: string) {
    try {
      return await this.table.getEntity<RowProperties>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
