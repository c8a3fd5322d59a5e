/**
 * Who hears about a finding. The default goes to the record's owner and, for
 * duplicates, also to the tenant's Owners (cleaning up duplicates is theirs until the
 * RACI chart names the Responsible of the data-cleanup task; that chart plugs in here).
 */
import { isDuplicateRule } from "../../domain/data-quality/rules.js";
import type { Finding } from "../../domain/data-quality/finding.js";
import { ownerRole } from "../../policy/roles.js";
import type { ConfigRepository } from "../../storage/config-repository.js";

export interface QualityRouting {
  /** The user ids a new finding goes to, without repeats. */
  recipients(tenantId: string, finding: Pick<Finding, "rule" | "ownerId" | "entity" | "recordId">): Promise<string[]>;
}

export function ownerRouting(config: Pick<ConfigRepository, "listUsers">): QualityRouting {
  return {
    async recipients(tenantId, finding) {
      const recipients = new Set([finding.ownerId]);
      if (isDuplicateRule(finding.rule)) {
        for (const user of await config.listUsers(tenantId)) if (user.active && !user.removed && user.roleIds.includes(ownerRole.id)) recipients.add(user.userId);
      }
      return [...recipients];
    },
  };
}
