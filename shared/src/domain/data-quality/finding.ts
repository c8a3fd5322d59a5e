/** A stored finding: one per record and rule key, open until fixed, or dismissed with a reason. */
import type { EntityType } from "../../policy/model.js";
import type { RuleId } from "./rules.js";

export const findingStates = ["open", "resolved", "dismissed"] as const;
export type FindingState = (typeof findingStates)[number];

export interface Finding {
  entity: EntityType;
  recordId: string;
  /** The rule, and for one-field rules the field (`requiredEmpty:phone`). */
  key: string;
  rule: RuleId;
  /** The fields the finding is about: a reader who may not see one of them does not see the finding. */
  fields: string[];
  message: string;
  state: FindingState;
  foundAt: string;
  updatedAt: string;
  /** The record's owner when last checked (the owner filter, and routing). */
  ownerId: string;
  /** Duplicates: the other records with the same value. */
  related: string[];
  /** Who the finding was routed to (QualityRouting). */
  routedTo: string[];
  reason?: string;
  dismissedBy?: string;
}

export const dismissReasonLimit = 500;
