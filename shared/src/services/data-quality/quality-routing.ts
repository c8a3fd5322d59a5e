/**
 * Who hears about a finding: the record's owner, and the Responsible of the RACI
 * chart's data-cleanup task ("duplicates, empty required fields, values that no longer
 * validate, stale records"). Where the chart names nobody who holds that letter, the
 * tenant's Owners stand in, but only for duplicates: the owner fixes their own record's
 * other findings, and the Owners are not told of every stale lead.
 */
import { isDuplicateRule } from "../../domain/data-quality/rules.js";
import type { Finding } from "../../domain/data-quality/finding.js";
import { raciTaskKeys } from "../../policy/raci.js";
import type { RaciService } from "../raci-service.js";

export interface QualityRouting {
  /** The user ids a new finding goes to, without repeats. */
  recipients(tenantId: string, finding: Pick<Finding, "rule" | "ownerId" | "entity" | "recordId">): Promise<string[]>;
}

export function raciRouting(raci: Pick<RaciService, "holdersOf">): QualityRouting {
  return {
    async recipients(tenantId, finding) {
      const recipients = new Set([finding.ownerId]);
      for (const holder of await raci.holdersOf(tenantId, raciTaskKeys.dataCleanup, "R")) {
        if (!holder.fallback || isDuplicateRule(finding.rule)) recipients.add(holder.userId);
      }
      return [...recipients];
    },
  };
}
