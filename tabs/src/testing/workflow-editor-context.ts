/** The workflow editor's context for component tests: the fake server's forms, pipelines, people and roles, and the server's problems if any. */
import type { EntityType, Pipeline } from "../api/types";
import { FieldErrors, namesFor } from "../features/settings/workflows/describe";
import type { EditorContext } from "../features/settings/workflows/editor-context";
import { aUser } from "./api-fixtures";
import { forms, pipelines } from "./fake-server";

export const editorUsers = [aUser({ userId: "max", displayName: "Max Member" }), aUser({ userId: "mia", displayName: "Mia Member", active: false })];
export const editorRoles = [
  { id: "owner", name: "Owner" },
  { id: "rep", name: "Sales rep" },
];

export function anEditorContext(options: { problems?: { field: string; message: string }[]; pipelines?: Pipeline[]; entity?: EntityType } = {}): EditorContext {
  const byEntity = Object.fromEntries(forms.map((form) => [form.entity, { fields: form.fields }])) as EditorContext["forms"];
  const chosen = options.pipelines ?? pipelines;
  return {
    forms: byEntity,
    pipelines: chosen,
    users: editorUsers,
    roles: editorRoles,
    names: namesFor(byEntity[options.entity ?? "lead"].fields, chosen, (id) => editorUsers.find((user) => user.userId === id)?.displayName ?? id, editorRoles),
    errors: new FieldErrors(options.problems ?? []),
  };
}
