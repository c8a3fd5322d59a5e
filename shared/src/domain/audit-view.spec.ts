import { describe, expect, it } from "vitest";
import { memberRole, ownerRole } from "../policy/roles.js";
import type { Actor, RoleDefinition } from "../policy/model.js";
import type { AuditEntry } from "../storage/audit-repository.js";
import { auditEntryAsSeenBy, snapshotOwner } from "./audit-view.js";

const hidesValue: RoleDefinition = { ...ownerRole, id: "auditor", name: "Auditor", builtIn: false, fields: { lead: { value: "hidden" } } };
const viewer = (roles: RoleDefinition[]): Actor => ({ tenantId: "t", userId: "v", kind: "user", active: true, teamIds: [], roles });
const entry: AuditEntry = {
  id: "1",
  tenantId: "t",
  at: "2026-12-01T00:00:00.000Z",
  actorId: "owner",
  actorKind: "user",
  action: "lead.update",
  outcome: "allowed",
  reason: "allowed by the role policy",
  entity: "lead",
  recordId: "r",
  before: { ownerId: "owner", name: "Ada", value: 1 },
  after: { ownerId: "owner", name: "Ada", value: 2 },
};

describe("auditEntryAsSeenBy", () => {
  it("keeps everything for a reader who sees every field", () => {
    expect(auditEntryAsSeenBy(viewer([ownerRole]), entry, true)).toEqual(entry);
  });

  it("drops the fields the reader's roles hide, keeping the owner", () => {
    const seen = auditEntryAsSeenBy(viewer([hidesValue]), entry, true);
    expect(seen.before).toEqual({ ownerId: "owner", name: "Ada" });
    expect(seen.after).toEqual({ ownerId: "owner", name: "Ada" });
    expect(seen.action).toBe("lead.update");
  });

  it("drops every value of a record the reader may not read, keeping who did what", () => {
    const seen = auditEntryAsSeenBy(viewer([memberRole]), entry, false);
    expect(seen).not.toHaveProperty("before");
    expect(seen).not.toHaveProperty("after");
    expect(seen).toMatchObject({ actorId: "owner", action: "lead.update", recordId: "r" });
  });

  it("leaves configuration entries alone", () => {
    const config: AuditEntry = { ...entry, entity: undefined, recordId: undefined, action: "form.update", before: [{ key: "value" }], after: [] };
    expect(auditEntryAsSeenBy(viewer([hidesValue]), config, false)).toEqual(config);
  });

  it("finds the owner a snapshot names", () => {
    expect(snapshotOwner(entry)).toBe("owner");
    expect(snapshotOwner({ before: undefined, after: { text: "note" } })).toBeUndefined();
  });
});
