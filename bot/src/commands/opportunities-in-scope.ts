/** The opportunities the caller may read, for the pipeline and forecast summaries. */
import type { VisibleRecord } from "@crm/shared";
import { decideOnEntity, forbidden } from "@crm/shared";
import type { CommandContext } from "../chat/command.js";

/** A summary reads at most this many records; the card says so when there are more. */
export const summaryRecordLimit = 2000;

export async function opportunitiesInScope(context: CommandContext): Promise<{ items: VisibleRecord[]; truncated: boolean }> {
  const decision = decideOnEntity(context.actor, "read", "opportunity");
  if (!decision.allowed) throw forbidden(decision.reason);
  const items: VisibleRecord[] = [];
  let token: string | undefined;
  do {
    const page = await context.services.records.list(context.actor, "opportunity", { pageSize: 100, ...(token ? { continuationToken: token } : {}) });
    items.push(...page.items);
    token = page.continuationToken;
  } while (token && items.length < summaryRecordLimit);
  return { items, truncated: token !== undefined };
}

/** The amount when the caller may see it, else 0 (and the summary notes it). */
export const visibleAmount = (visible: VisibleRecord): number | undefined =>
  visible.hidden.includes("amount") ? undefined : typeof visible.record.fields.amount === "number" ? visible.record.fields.amount : 0;

export const visibleProbability = (visible: VisibleRecord): number =>
  !visible.hidden.includes("probability") && typeof visible.record.fields.probability === "number" ? visible.record.fields.probability : 0;

export const money = (value: number): string => Math.round(value).toLocaleString("en-US");
