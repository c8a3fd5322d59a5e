/**
 * The Owner's form editor: add, reorder (buttons, so the keyboard can do it), group in
 * sections, mark required, choice options, per-role visibility, and a live preview.
 * Saving sends the ETags the form and the roles were read with; when someone else saved
 * meanwhile, their version is shown next to yours before anything is overwritten.
 */
import { Button, Card, MessageBar, MessageBarBody, Spinner, Subtitle2, Tab, TabList, Text, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useReducer, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { EntityType, FormDefinition, Role } from "../../../api/types";
import { entityLabels, entityTypes } from "../../../api/types";
import { useSession } from "../../../app/session";
import { FieldRow, moveButtonId } from "./field-row";
import { fieldRows, fieldsOf } from "./field-rows";
import type { Difference } from "./form-conflict";
import { formDifferences, ruleDifferences } from "./form-conflict";
import { FormConflictReview } from "./form-conflict-review";
import { fieldsForSave, problemsByRow } from "./form-draft";
import { FormPreview } from "./form-preview";
import type { RuleChanges } from "./role-rules";
import { withRule } from "./role-rules";
import type { FormWork, Latest } from "./save-form";
import { readLatest, saveFormWork } from "./save-form";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px" },
  layout: { display: "grid", gap: "12px", gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", alignItems: "start", "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", justifyContent: "space-between", alignItems: "center" },
  buttons: { display: "flex", gap: "8px" },
});

export default function FormsEditor() {
  const styles = useStyles();
  const [entity, setEntity] = useState<EntityType>("lead");
  return (
    <div className={styles.page}>
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

/** What was read, and so what a save sends its ETags from. */
interface Read {
  form: FormDefinition;
  roles: Role[];
}

/** Someone else's change met on saving: what they saved, what differs, and what is left to save over it. */
interface Conflict {
  latest: Latest;
  differences: Difference[];
  /** The form itself changed (else only roles did, and the form is saved). */
  formChanged: boolean;
  /** The role whose save met someone else's change, by name. */
  roleName?: string;
}

export function EntityFormEditor({ entity }: { entity: EntityType }) {
  const styles = useStyles();
  const { api, reloadForms, userName } = useSession();
  const [read, setRead] = useState<Read>();
  const [draft, step] = useReducer(fieldRows, { rows: [] });
  const [ruleChanges, setRuleChanges] = useState<RuleChanges>({});
  const [problems, setProblems] = useState<Record<number, Record<string, string>>>({});
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Conflict>();

  const show = useCallback((latest: Latest) => {
    setRead(latest);
    step({ type: "load", fields: latest.form.fields });
    setRuleChanges({});
    setProblems({});
    setConflict(undefined);
  }, []);
  const load = useCallback(async () => {
    try {
      show(await readLatest(api, entity));
    } catch (failure) {
      setMessage({ intent: "error", text: describeError(failure) });
    }
  }, [api, entity, show]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!read) return message ? <Text>{message.text}</Text> : <Spinner label="Loading the form…" />;
  const fields = fieldsOf(draft);
  const labelOf = (key: string) => fields.find((field) => field.key === key)?.label ?? key;

  const save = async (work: FormWork) => {
    setBusy(true);
    setProblems({});
    setMessage(undefined);
    try {
      const outcome = await saveFormWork(api, work);
      if (outcome.kind === "saved") {
        await reloadForms();
        await load();
        setMessage({ intent: "success", text: `The ${entityLabels[entity].one.toLowerCase()} form is saved. New records use it now.` });
      } else {
        const formChanged = outcome.at === "form";
        if (!formChanged) await reloadForms();
        const latest = await readLatest(api, entity);
        const roleId = outcome.at === "role" ? outcome.roleId : undefined;
        const roleName = [...latest.roles, ...work.roles].find((role) => role.id === roleId)?.name;
        setConflict({
          latest,
          formChanged,
          ...(roleName ? { roleName } : {}),
          differences: [...(formChanged ? formDifferences(latest.form.fields, work.fields) : []), ...ruleDifferences(entity, work.roles, latest.roles, work.changes, labelOf)],
        });
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length) {
        const rows = problemsByRow(failure.fields);
        setProblems(rows);
        const firstRow = Object.keys(rows)
          .map(Number)
          .filter((row) => row >= 0)
          .sort((a, b) => a - b)[0];
        if (firstRow !== undefined) step({ type: "open", index: firstRow });
        setMessage({ intent: "error", text: Object.values(rows[-1] ?? {}).join(" ") || "Some fields need your attention." });
      } else {
        setMessage({ intent: "error", text: describeError(failure) });
      }
    } finally {
      setBusy(false);
    }
  };

  const saveMine = () => void save({ entity, fields: fieldsForSave(fields), formEtag: read.form.etag, roles: read.roles, changes: ruleChanges });
  // Yours over theirs: the form with its new ETag (unless only roles changed), your rule changes onto the roles as they are now.
  const overwrite = (found: Conflict) => {
    setConflict(undefined);
    setRead({ form: found.formChanged ? found.latest.form : read.form, roles: found.latest.roles });
    void save({ entity, fields: fieldsForSave(fields), formEtag: found.formChanged ? found.latest.form.etag : false, roles: found.latest.roles, changes: ruleChanges });
  };
  const move = (index: number, direction: -1 | 1) => {
    step({ type: "move", index, direction });
    setTimeout(() => document.getElementById(moveButtonId(entity, index + direction, direction))?.focus(), 0);
  };

  return (
    <div className={styles.layout}>
      <Card>
        <div className={styles.bar}>
          <Subtitle2 as="h2">Fields</Subtitle2>
          <div className={styles.buttons}>
            <Button onClick={() => step({ type: "add" })}>Add field</Button>
            <Button onClick={() => void load()} disabled={busy}>
              Discard changes
            </Button>
            <Button appearance="primary" onClick={saveMine} disabled={busy || Boolean(conflict)}>
              {busy ? "Saving…" : "Save form"}
            </Button>
          </div>
        </div>
        {conflict && (
          <FormConflictReview
            formChanged={conflict.formChanged}
            {...(conflict.formChanged && conflict.latest.form.updatedBy ? { savedBy: userName(conflict.latest.form.updatedBy), savedAt: conflict.latest.form.updatedAt } : {})}
            {...(conflict.roleName ? { roleName: conflict.roleName } : {})}
            differences={conflict.differences}
            onReload={() => show(conflict.latest)}
            onOverwrite={() => overwrite(conflict)}
            busy={busy}
          />
        )}
        {message && (
          <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
        <ol className={styles.list} aria-label="Form fields in order">
          {draft.rows.map((row, index) => (
            <FieldRow
              key={index}
              entity={entity}
              row={row}
              index={index}
              count={draft.rows.length}
              expanded={draft.open === index}
              {...(problems[index] ? { problems: problems[index] } : {})}
              roles={read.roles}
              ruleChanges={ruleChanges}
              onChange={(change) => {
                step({ type: "change", index, change });
                setMessage(undefined);
              }}
              onRelabel={(label) => step({ type: "relabel", index, label })}
              onRekey={(key) => step({ type: "rekey", index, key })}
              onMove={(direction) => move(index, direction)}
              onToggle={() => step({ type: "open", index: draft.open === index ? undefined : index })}
              onRemove={() => step({ type: "remove", index })}
              onRule={(roleId, access) => setRuleChanges(withRule(ruleChanges, roleId, row.field.key, access))}
            />
          ))}
        </ol>
      </Card>
      <FormPreview entity={entity} fields={fieldsForSave(fields)} />
    </div>
  );
}
