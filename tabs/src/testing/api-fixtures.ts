/**
 * Answers as the API gives them, for component tests. Each builder fills in what the
 * API always sends, so a test names only what it is about and its fixtures still
 * type-check against the API's own types (`@crm/shared/api-types`).
 */
import type { CrmRecord, EntityType, FormDefinition, User } from "../api/types";
import type { AccessRequest } from "../features/approvals/access-api";
import type { DeadLetter, RunRecord } from "../features/settings/workflows/workflow-api";

export const aRecord = (entity: EntityType, values: Partial<CrmRecord> & { id: string }): CrmRecord => ({
  entity,
  ownerId: "max",
  createdBy: "max",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  updatedBy: "max",
  etag: 'W/"v1"',
  ...values,
});

export const aUser = (values: Partial<User> & Pick<User, "userId" | "displayName">): User => ({
  email: "",
  roleIds: ["member"],
  teamIds: [],
  active: true,
  removed: false,
  source: "manual",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  etag: `user-${values.userId}`,
  ...values,
});

export const aForm = (entity: EntityType, fields: FormDefinition["fields"]): FormDefinition => ({ entity, fields, updatedAt: "2026-11-01T10:00:00Z", updatedBy: "olivia", etag: `form-${entity}-1` });

export const aRun = (values: Partial<RunRecord> & Pick<RunRecord, "id" | "workflowId" | "workflowName" | "recordId">): RunRecord => ({
  tenantId: "contoso",
  entity: "lead",
  trigger: "When a record is created",
  cause: "record.created",
  status: "done",
  actions: [],
  attempts: 1,
  causedAt: "2026-11-02T10:00:00Z",
  finishedAt: "2026-11-02T10:00:01Z",
  depth: 0,
  ...values,
});

export const aDeadLetter = (values: Partial<DeadLetter> & Pick<DeadLetter, "id" | "job" | "reason">): DeadLetter => ({
  tenantId: "contoso",
  key: `letter-${values.id}`,
  depth: 0,
  enqueuedAt: "2026-11-03T09:00:00Z",
  causedAt: Date.parse("2026-11-03T09:00:00Z"),
  attempts: 5,
  failedAt: "2026-11-03T10:00:00Z",
  ...values,
});

export const anAccessRequest = (values: Partial<AccessRequest> & Pick<AccessRequest, "id">): AccessRequest => ({
  roleId: "sales-manager",
  roleName: "Sales Manager",
  subject: { id: "max", name: "Max Member" },
  requester: { id: "max", name: "Max Member" },
  justification: "Covering Q4 renewals",
  endsAt: "2026-12-31",
  createdAt: "2026-11-01T10:00:00Z",
  expiresAt: "2026-11-15T10:00:00Z",
  status: "pending",
  approvalsNeeded: 1,
  decisions: [],
  canDecide: false,
  canWithdraw: false,
  ...values,
});
