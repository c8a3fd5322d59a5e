/**
 * What storage holds, read straight from the tables: for tests that check something
 * was NOT stored (a refused activity leaves no tenant or user row behind), which no
 * service answers.
 */
import type { TableStore } from "@crm/shared/storage";

/** The row keys of a tenant's configuration partition (its tenant row, users, roles, forms…). */
export async function configRowKeys(store: TableStore, tenantId: string): Promise<string[]> {
  const keys: string[] = [];
  const rows = store.table("config").listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId.replace(/'/g, "''")}'`, select: ["RowKey"] } });
  for await (const row of rows) keys.push(row.rowKey!);
  return keys;
}
