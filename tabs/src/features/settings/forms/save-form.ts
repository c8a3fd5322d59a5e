/**
 * Saving the form editor's work: the form with the ETag it was read with, then each role
 * whose field rules changed, each with its own ETag. A 412 at any step stops there and
 * says which step met someone else's change, so nothing of theirs is overwritten unseen.
 */
import type { ApiClient } from "../../../api/client";
import { ApiError } from "../../../api/client";
import type { EntityType, FieldDefinition, FormDefinition, Role } from "../../../api/types";
import type { RuleChanges } from "./role-rules";
import { roleWithRules } from "./role-rules";

export interface FormWork {
  entity: EntityType;
  fields: FieldDefinition[];
  /** The ETag the form was read with; `false` when the form is already saved and only roles remain. */
  formEtag: string | undefined | false;
  /** The roles as last read (their ETags go with the changes). */
  roles: readonly Role[];
  changes: RuleChanges;
}

type SaveOutcome = { kind: "saved" } | { kind: "conflict"; at: "form" } | { kind: "conflict"; at: "role"; roleId: string };

export async function saveFormWork(api: ApiClient, work: FormWork): Promise<SaveOutcome> {
  try {
    if (work.formEtag !== false) await api.saveForm(work.entity, work.fields, work.formEtag);
  } catch (failure) {
    if (failure instanceof ApiError && failure.isConflict) return { kind: "conflict", at: "form" };
    throw failure;
  }
  for (const [roleId, rules] of Object.entries(work.changes)) {
    const role = work.roles.find((candidate) => candidate.id === roleId);
    if (!role) continue;
    try {
      await api.saveRole(role.id, roleWithRules(role, work.entity, rules), role.etag);
    } catch (failure) {
      if (failure instanceof ApiError && failure.isConflict) return { kind: "conflict", at: "role", roleId };
      throw failure;
    }
  }
  return { kind: "saved" };
}

/** What someone else saved meanwhile, read again for the review. */
export interface Latest {
  form: FormDefinition;
  roles: Role[];
}

export async function readLatest(api: ApiClient, entity: EntityType): Promise<Latest> {
  const [form, roles] = await Promise.all([api.form(entity), api.roles()]);
  return { form, roles: roles.items.filter((role) => !role.builtIn) };
}
