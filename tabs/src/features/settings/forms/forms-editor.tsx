/**
 * The Owner's form editor: add, reorder (buttons, so the keyboard can do it), group in
 * sections, mark required, choice options, per-role visibility, and a live preview.
 */
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Switch,
  Tab,
  TabList,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { EntityType, FieldAccess, FieldDefinition, FieldValue, Role } from "../../../api/types";
import { entityLabels, entityTypes, fieldAccessLevels, fieldTypes } from "../../../api/types";
import { useSession } from "../../../app/session";
import { FormRenderer } from "../../records/form-renderer";
import type { Draft } from "../../records/form-values";
import { fieldsForSave, isTitleField, keyFromLabel, moveField, newField, problemsByRow } from "./form-draft";

const useStyles = makeStyles({
  layout: { display: "grid", gap: "12px", gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", alignItems: "start", "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  row: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: "8px", display: "flex", flexDirection: "column", gap: "8px" },
  rowError: { border: `1px solid ${tokens.colorPaletteRedBorder2}` },
  summary: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "6px" },
  grow: { flexGrow: 1, minWidth: "120px" },
  edit: { display: "grid", gap: "8px 12px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 180px), 1fr))" },
  wide: { gridColumn: "1 / -1" },
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", justifyContent: "space-between", alignItems: "center" },
});

const typeLabels: Record<FieldDefinition["type"], string> = {
  text: "Text",
  longText: "Long text",
  number: "Number",
  currency: "Currency",
  date: "Date",
  choice: "Choice",
  multiChoice: "Multiple choice",
  email: "Email",
  phone: "Phone",
  url: "Web address",
  user: "Person",
  boolean: "Yes / no",
};

export default function FormsEditor() {
  const [entity, setEntity] = useState<EntityType>("lead");
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <TabList selectedValue={entity} onTabSelect={(_, data) => setEntity(data.value as EntityType)} size="small" aria-label="Form to edit">
        {entityTypes.map((candidate) => (
          <Tab key={candidate} value={candidate}>
            {entityLabels[candidate].one} form
          </Tab>
        ))}
      </TabList>
      <EntityFormEditor key={entity} entity={entity} />
    </div>
  );
}

export function EntityFormEditor({ entity }: { entity: EntityType }) {
  const styles = useStyles();
  const { api, reloadForms, users } = useSession();
  const [fields, setFields] = useState<FieldDefinition[]>();
  const [etag, setEtag] = useState<string>();
  const [roles, setRoles] = useState<Role[]>([]);
  const [ruleChanges, setRuleChanges] = useState<Record<string, Record<string, FieldAccess>>>({});
  const [open, setOpen] = useState<number>();
  const [keyEdited, setKeyEdited] = useState<Set<number>>(new Set());
  const [newRows, setNewRows] = useState<Set<number>>(new Set());
  const [problems, setProblems] = useState<Record<number, Record<string, string>>>({});
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Draft>({});

  const load = useCallback(async () => {
    try {
      const [form, roleList] = await Promise.all([api.form(entity), api.roles()]);
      setFields(form.fields.sort((a, b) => a.order - b.order));
      setEtag(form.etag);
      setRoles(roleList.items.filter((role) => !role.builtIn));
      setRuleChanges({});
      setNewRows(new Set());
      setKeyEdited(new Set());
    } catch (failure) {
      setMessage({ intent: "error", text: describeError(failure) });
    }
  }, [api, entity]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!fields) return message ? <Text>{message.text}</Text> : <Spinner label="Loading the form…" />;

  const update = (index: number, change: Partial<FieldDefinition>) => {
    setFields(fields.map((field, at) => (at === index ? { ...field, ...change } : field)));
    setMessage(undefined);
  };
  const renameLabel = (index: number, label: string) => {
    const autoKey = newRows.has(index) && !keyEdited.has(index);
    update(index, { label, ...(autoKey ? { key: keyFromLabel(label) } : {}) });
  };
  const add = () => {
    const field = newField(fields);
    setFields([...fields, field]);
    setNewRows(new Set([...newRows, fields.length]));
    setOpen(fields.length);
  };
  const move = (index: number, direction: -1 | 1) => {
    setFields(moveField(fields, index, direction));
    const swap = (set: Set<number>) => new Set([...set].map((row) => (row === index ? index + direction : row === index + direction ? index : row)));
    setNewRows(swap(newRows));
    setKeyEdited(swap(keyEdited));
    if (open === index) setOpen(index + direction);
    setTimeout(() => document.getElementById(`move-${entity}-${index + direction}-${direction < 0 ? "up" : "down"}`)?.focus(), 0);
  };
  const remove = (index: number) => {
    setFields(fields.filter((_, at) => at !== index));
    setOpen(undefined);
  };
  const ruleOf = (role: Role, key: string): FieldAccess => ruleChanges[role.id]?.[key] ?? role.fields[entity]?.[key] ?? "write";

  const save = async () => {
    setBusy(true);
    setProblems({});
    setMessage(undefined);
    try {
      const saved = await api.saveForm(entity, fieldsForSave(fields), etag);
      setEtag(saved.etag);
      for (const [roleId, rules] of Object.entries(ruleChanges)) {
        const role = roles.find((candidate) => candidate.id === roleId);
        if (!role) continue;
        const merged = { ...role.fields, [entity]: { ...(role.fields[entity] ?? {}), ...rules } };
        for (const [key, access] of Object.entries(merged[entity] ?? {})) if (access === "write") delete merged[entity]![key];
        await api.saveRole(role.id, { name: role.name, description: role.description, entities: role.entities, config: role.config, fields: merged });
      }
      await reloadForms();
      await load();
      setMessage({ intent: "success", text: `The ${entityLabels[entity].one.toLowerCase()} form is saved. New records use it now.` });
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length) {
        const rows = problemsByRow(failure.fields);
        setProblems(rows);
        const firstRow = Object.keys(rows).map(Number).filter((row) => row >= 0).sort((a, b) => a - b)[0];
        if (firstRow !== undefined) setOpen(firstRow);
        setMessage({ intent: "error", text: Object.values(rows[-1] ?? {}).join(" ") || "Some fields need your attention." });
      } else {
        setMessage({ intent: "error", text: failure instanceof ApiError && failure.isConflict ? "Someone else saved this form meanwhile. Reload it and apply your change again." : describeError(failure) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.layout}>
      <Card>
        <div className={styles.bar}>
          <Subtitle2 as="h2">Fields</Subtitle2>
          <div style={{ display: "flex", gap: 8 }}>
            <Button onClick={add}>Add field</Button>
            <Button onClick={() => void load()} disabled={busy}>
              Discard changes
            </Button>
            <Button appearance="primary" onClick={() => void save()} disabled={busy}>
              {busy ? "Saving…" : "Save form"}
            </Button>
          </div>
        </div>
        {message && (
          <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
        <ol className={styles.list} aria-label="Form fields in order">
          {fields.map((field, index) => {
            const rowProblems = problems[index];
            const expanded = open === index;
            const title = isTitleField(entity, field.key);
            const choice = field.type === "choice" || field.type === "multiChoice";
            // Problems no input of the open row shows (or any, when the row is closed).
            const unshown = Object.entries(rowProblems ?? {})
              .filter(([part]) => !expanded || !(part === "label" || part === "key" || (part === "options" && choice)))
              .map(([, text]) => text);
            return (
              <li key={index} className={rowProblems ? `${styles.row} ${styles.rowError}` : styles.row}>
                <div className={styles.summary}>
                  <Text weight="semibold" className={styles.grow}>
                    {field.label || "(no label)"}
                    {field.required && <span aria-label="required"> *</span>}
                  </Text>
                  <Badge appearance="tint" color="informative">
                    {typeLabels[field.type]}
                  </Badge>
                  {field.section && <Badge appearance="outline">{field.section}</Badge>}
                  <Button size="small" appearance="subtle" id={`move-${entity}-${index}-up`} disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${field.label} up`}>
                    ↑
                  </Button>
                  <Button size="small" appearance="subtle" id={`move-${entity}-${index}-down`} disabled={index === fields.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${field.label} down`}>
                    ↓
                  </Button>
                  <Button size="small" onClick={() => setOpen(expanded ? undefined : index)} aria-expanded={expanded} aria-label={`${expanded ? "Close" : "Edit"} ${field.label}`}>
                    {expanded ? "Done" : "Edit"}
                  </Button>
                  {!title && (
                    <Button size="small" appearance="subtle" onClick={() => remove(index)} aria-label={`Remove ${field.label}`}>
                      Remove
                    </Button>
                  )}
                </div>
                {unshown.length > 0 && (
                  <Text size={200} style={{ color: tokens.colorPaletteRedForeground1 }}>
                    {unshown.join(" ")}
                  </Text>
                )}
                {expanded && (
                  <div className={styles.edit}>
                    <Field label="Label" required validationState={rowProblems?.label ? "error" : "none"} validationMessage={rowProblems?.label}>
                      <Input value={field.label} onChange={(_, data) => renameLabel(index, data.value)} />
                    </Field>
                    <Field label="Key" hint={newRows.has(index) ? "Used by the API and the bot." : "Fixed once saved."} validationState={rowProblems?.key ? "error" : "none"} validationMessage={rowProblems?.key}>
                      <Input
                        value={field.key}
                        disabled={!newRows.has(index)}
                        onChange={(_, data) => {
                          setKeyEdited(new Set([...keyEdited, index]));
                          update(index, { key: data.value });
                        }}
                      />
                    </Field>
                    <Field label="Type">
                      <Select value={field.type} disabled={title} onChange={(_, data) => update(index, { type: data.value as FieldDefinition["type"] })}>
                        {fieldTypes.map((type) => (
                          <option key={type} value={type}>
                            {typeLabels[type]}
                          </option>
                        ))}
                      </Select>
                    </Field>
                    <Field label="Section">
                      <Input value={field.section ?? ""} onChange={(_, data) => update(index, { section: data.value })} />
                    </Field>
                    <Switch label="Required" checked={field.required} disabled={title} onChange={(_, data) => update(index, { required: data.checked })} />
                    <Field label="Help text" className={styles.wide}>
                      <Input value={field.help ?? ""} onChange={(_, data) => update(index, { help: data.value })} />
                    </Field>
                    {(field.type === "choice" || field.type === "multiChoice") && (
                      <Field label="Options (one per line)" className={styles.wide} validationState={rowProblems?.options ? "error" : "none"} validationMessage={rowProblems?.options}>
                        <Textarea value={(field.options ?? []).join("\n")} onChange={(_, data) => update(index, { options: data.value.split("\n") })} />
                      </Field>
                    )}
                    <div className={styles.wide}>
                      <Text weight="semibold" size={200}>
                        Visibility per role
                      </Text>
                      {roles.length === 0 ? (
                        <Text as="p" size={200}>
                          Owner and Member see every field. Create a custom role under Users & roles to hide or lock this field for it.
                        </Text>
                      ) : (
                        <div className={styles.edit}>
                          {roles.map((role) => (
                            <Field key={role.id} label={role.name}>
                              <Select
                                value={ruleOf(role, field.key)}
                                onChange={(_, data) => setRuleChanges({ ...ruleChanges, [role.id]: { ...(ruleChanges[role.id] ?? {}), [field.key]: data.value as FieldAccess } })}
                              >
                                {fieldAccessLevels.map((level) => (
                                  <option key={level} value={level}>
                                    {level === "hidden" ? "Hidden" : level === "read" ? "Read only" : "Read and write"}
                                  </option>
                                ))}
                              </Select>
                            </Field>
                          ))}
                        </div>
                      )}
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      </Card>
      <Card aria-label="Live preview">
        <Subtitle2 as="h2">Preview</Subtitle2>
        <Text size={200}>What people see when they create a {entityLabels[entity].one.toLowerCase()}.</Text>
        <FormRenderer idPrefix={`preview-${entity}`} fields={fieldsForSave(fields)} values={preview} users={users} onChange={(key: string, value: FieldValue) => setPreview({ ...preview, [key]: value })} />
      </Card>
    </div>
  );
}
