/** Custom roles as an entity × action × scope matrix, with configuration rights and field rules. */
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
} from "@fluentui/react-components";
import { useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { ConfigPermission, EntityType, FieldAccess, RecordAction, Role, RoleInput, RoleTemplate, Scope } from "../../../api/types";
import { configPermissions, entityLabels, entityTypes, fieldAccessLevels, recordActions, scopes } from "../../../api/types";
import { useSession } from "../../../app/session";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
  wrap: { overflowX: "auto" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  item: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px" },
  config: { display: "flex", flexWrap: "wrap", gap: "4px 12px" },
});

const configText: Record<ConfigPermission, string> = {
  usersAndRoles: "Users & roles",
  forms: "Forms",
  pipelines: "Pipelines",
  workflows: "Workflows",
  emailSync: "Email sync",
  audit: "Audit log",
  approveAccess: "Approve access requests",
};

/** A role being edited: everything a save sends, plus which role it is and the ETag it was read with. */
type Draft = Required<Pick<RoleInput, "name" | "description" | "entities" | "config" | "fields">> & Pick<RoleInput, "template"> & { id?: string; etag?: string };

export function RolesPanel(props: { roles: Role[] | undefined; templates: RoleTemplate[]; onChanged: () => Promise<void> }) {
  const styles = useStyles();
  const { api } = useSession();
  const [template, setTemplate] = useState("");
  const [draft, setDraft] = useState<Draft>();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);

  if (!props.roles) return <Spinner label="Loading roles…" />;

  const startFromTemplate = () => {
    const chosen = props.templates.find((candidate) => candidate.id === template);
    const member = props.roles?.find((role) => role.id === "member");
    const base = chosen ?? member;
    if (!base) return;
    setDraft({
      name: chosen ? chosen.name : "New role",
      description: base.description,
      ...(chosen ? { template: chosen.id } : {}),
      entities: structuredClone(base.entities),
      config: [...base.config],
      fields: {},
    });
  };

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const { id, etag, ...input } = draft;
      if (id) await api.saveRole(id, input, etag);
      else await api.createRole(input);
      await props.onChanged();
      setDraft(undefined);
      setMessage({ intent: "success", text: `Role “${draft.name}” saved.` });
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.fields.map((problem) => `${problem.field}: ${problem.message}`).join(" ") : "";
      setMessage({ intent: "error", text: fields || describeError(failure) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (role: Role) => {
    setMessage(undefined);
    try {
      await api.deleteRole(role.id);
      await props.onChanged();
      setMessage({ intent: "success", text: `Role “${role.name}” deleted.` });
    } catch (failure) {
      setMessage({ intent: "error", text: describeError(failure) });
    }
  };

  return (
    <Card>
      <Subtitle2 as="h2">Roles</Subtitle2>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.list} aria-label="Roles">
        {props.roles.map((role) => (
          <li key={role.id} className={styles.item}>
            <Text weight="semibold">{role.name}</Text>
            {role.builtIn && <Badge appearance="outline">built-in</Badge>}
            <Text size={200}>{role.description}</Text>
            {!role.builtIn && (
              <>
                <Button
                  size="small"
                  onClick={() =>
                    setDraft({
                      id: role.id,
                      ...(role.etag ? { etag: role.etag } : {}),
                      name: role.name,
                      description: role.description,
                      entities: structuredClone(role.entities),
                      config: [...role.config],
                      fields: structuredClone(role.fields),
                    })
                  }
                >
                  Edit
                </Button>
                <Button size="small" appearance="subtle" onClick={() => void remove(role)}>
                  Delete
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className={styles.bar}>
        <Field label="Start a custom role from">
          <Select value={template} onChange={(_, data) => setTemplate(data.value)}>
            <option value="">Member (blank)</option>
            {props.templates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={startFromTemplate}>New role</Button>
      </div>
      {draft && <RoleEditor draft={draft} onChange={setDraft} onSave={() => void save()} onCancel={() => setDraft(undefined)} busy={busy} />}
    </Card>
  );
}

function RoleEditor(props: { draft: Draft; onChange: (draft: Draft) => void; onSave: () => void; onCancel: () => void; busy: boolean }) {
  const styles = useStyles();
  const { forms } = useSession();
  const { draft, onChange } = props;
  const setScope = (entity: EntityType, action: RecordAction, scope: Scope) => onChange({ ...draft, entities: { ...draft.entities, [entity]: { ...draft.entities[entity], [action]: scope } } });
  const setRule = (entity: EntityType, key: string, access: FieldAccess) => {
    const rules = { ...(draft.fields[entity] ?? {}) };
    if (access === "write") delete rules[key];
    else rules[key] = access;
    onChange({ ...draft, fields: { ...draft.fields, [entity]: rules } });
  };

  return (
    <section aria-label={`Edit role ${draft.name}`} style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <div className={styles.bar}>
        <Field label="Role name" required>
          <Input value={draft.name} onChange={(_, data) => onChange({ ...draft, name: data.value })} />
        </Field>
        <Field label="Description" style={{ flexGrow: 1 }}>
          <Input value={draft.description} onChange={(_, data) => onChange({ ...draft, description: data.value })} />
        </Field>
      </div>
      <div className={styles.wrap}>
        <Table size="small" aria-label="Record permissions">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Records</TableHeaderCell>
              {recordActions.map((action) => (
                <TableHeaderCell key={action}>{action}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {entityTypes.map((entity) => (
              <TableRow key={entity}>
                <TableCell>{entityLabels[entity].many}</TableCell>
                {recordActions.map((action) => (
                  <TableCell key={action}>
                    <Select
                      size="small"
                      aria-label={`${action} ${entityLabels[entity].many}`}
                      value={draft.entities[entity][action]}
                      onChange={(_, data) => setScope(entity, action, data.value as Scope)}
                    >
                      {scopes.map((scope) => (
                        <option key={scope} value={scope}>
                          {scope}
                        </option>
                      ))}
                    </Select>
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <fieldset style={{ border: "none", padding: 0, margin: 0 }}>
        <legend>
          <Text weight="semibold">Configuration</Text>
        </legend>
        <div className={styles.config}>
          {configPermissions.map((permission) => (
            <Checkbox
              key={permission}
              label={configText[permission]}
              checked={draft.config.includes(permission)}
              onChange={(_, data) => onChange({ ...draft, config: data.checked ? [...draft.config, permission] : draft.config.filter((item) => item !== permission) })}
            />
          ))}
        </div>
      </fieldset>
      <details>
        <summary>
          <Text weight="semibold">Field rules</Text>
        </summary>
        {entityTypes.map((entity) => (
          <div key={entity} className={styles.bar} style={{ marginTop: 8 }}>
            <Text style={{ width: "100%" }}>{entityLabels[entity].many}</Text>
            {(forms?.[entity].fields ?? []).map((field) => (
              <Field key={field.key} label={field.label}>
                <Select size="small" value={draft.fields[entity]?.[field.key] ?? "write"} onChange={(_, data) => setRule(entity, field.key, data.value as FieldAccess)}>
                  {fieldAccessLevels.map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
        ))}
      </details>
      <div className={styles.bar}>
        <Button appearance="primary" onClick={props.onSave} disabled={props.busy || !draft.name.trim()}>
          {props.busy ? "Saving…" : "Save role"}
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
      </div>
    </section>
  );
}
