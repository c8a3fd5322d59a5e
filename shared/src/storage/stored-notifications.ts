/**
 * A NotificationPort that keeps notifications in Table Storage when no bot is
 * wired in, so nothing a workflow says is lost: the bot (or an Owner) can pick
 * them up later. The dedupe key is the row key, so enqueueing twice stores once.
 */
import { odata } from "@azure/data-tables";
import type { Notification, NotificationPort } from "../services/notifications.js";
import type { Clock } from "../services/clock.js";
import { hashKey } from "../domain/ids.js";
import type { RowProperties } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** @public (named in the declarations of a service's answers) */
export interface StoredNotification extends Notification {
  id: string;
  storedAt: string;
}

const partition = (tenantId: string) => `${tenantId}|notify`;

export class StoredNotificationPort implements NotificationPort {
  constructor(
    private readonly store: TableStore,
    private readonly clock: Clock,
  ) {}

  async enqueue(notification: Notification): Promise<void> {
    const id = hashKey(notification.dedupeKey);
    const stored: StoredNotification = { ...notification, id, storedAt: this.clock.now().toISOString() };
    try {
      await this.store.table("work").createEntity({ partitionKey: partition(notification.tenantId), rowKey: id, notification: JSON.stringify(stored) });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }

  /** Notifications waiting for delivery, oldest first (at most 500). */
  async pending(tenantId: string): Promise<StoredNotification[]> {
    const items: StoredNotification[] = [];
    for await (const row of this.store.table("work").listEntities<RowProperties>({ queryOptions: { filter: odata`PartitionKey eq ${partition(tenantId)}` } })) {
      items.push(JSON.parse(String(row.notification)) as StoredNotification);
      if (items.length >= 500) break;
    }
    return items.sort((a, b) => a.storedAt.localeCompare(b.storedAt));
  }

  /** Called by whoever delivered it. */
  async delivered(tenantId: string, id: string): Promise<void> {
    await this.store
      .table("work")
      .deleteEntity(partition(tenantId), id)
      .catch(() => undefined);
  }
}
