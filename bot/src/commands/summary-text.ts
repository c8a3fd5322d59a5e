/** Wording shared by the pipeline and forecast cards. */
import { decideOnEntity } from "@crm/shared/policy";
import type { Actor } from "@crm/shared/policy";

export const money = (value: number): string => Math.round(value).toLocaleString("en-US");

export function scopeText(actor: Actor): string {
  const scope = decideOnEntity(actor, "read", "opportunity").scope;
  return scope === "all" ? "All opportunities of your organisation." : scope === "team" ? "Your team's opportunities." : "Your own opportunities.";
}
