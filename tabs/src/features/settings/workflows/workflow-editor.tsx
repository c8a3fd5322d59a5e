/**
 * One workflow in plain language: "When a lead … / Only if … / Then …", with pickers
 * for the current form's fields, users, roles and stages. The server checks the
 * definition; its problems land on the control they name (`actions[0].userId`).
 * Each part is its own component: trigger-editor, conditions-editor (condition-row),
 * action-list (actions/: one editor per action type), plain-words.
 */
import { Card, Field, Input, Select, Subtitle2, Switch, Textarea } from "@fluentui/react-components";
import type { EntityType } from "../../../api/types";
import { entityLabels, entityTypes } from "../../../api/types";
import { ActionList } from "./action-list";
import { ConditionsEditor } from "./conditions-editor";
import { CheckboxGroup, invalid } from "./controls";
import { conditionFields, controlId } from "./describe";
import type { EditorContext } from "./editor-context";
import { newTrigger, triggersFor } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import { PlainWords } from "./plain-words";
import { TriggerEditor } from "./trigger-editor";
import type { WorkflowInput } from "./workflow-api";

/** The draft moved to another entity: the trigger kept if that entity offers it, conditions cleared (they name the old form's fields), stage moves dropped off opportunities. */
export function onEntity(draft: WorkflowInput, entity: EntityType, context: Pick<EditorContext, "forms">): WorkflowInput {
  const form = context.forms[entity]?.fields ?? [];
  const trigger = newTrigger(triggersFor(entity, form).includes(draft.trigger.type) ? draft.trigger.type : "created", conditionFields(form));
  return {
    ...draft,
    entity,
    trigger,
    conditions: { ...(draft.conditions ?? { match: "all" }), rules: [] },
    actions: draft.actions.filter((action) => action.type !== "moveStage" || entity === "opportunity"),
  };
}

export function WorkflowEditor(props: { draft: WorkflowInput; onChange: (draft: WorkflowInput) => void; context: EditorContext }) {
  const styles = useEditorStyles();
  const { draft, onChange, context } = props;
  const error = (path: string) => context.errors.at(path);
  const form = context.forms[draft.entity]?.fields ?? [];
  const conditions = draft.conditions ?? { match: "all" as const, rules: [] };

  return (
    <div className={styles.form}>
      <Card>
        <Subtitle2 as="h3">About</Subtitle2>
        <div className={styles.row}>
          <Field className={styles.grow} label="Name" required {...invalid(error("name"))}>
            <Input id={controlId("name")} value={draft.name} maxLength={100} onChange={(_, data) => onChange({ ...draft, name: data.value })} />
          </Field>
          <Field label="Works on" {...invalid(error("entity"))}>
            <Select id={controlId("entity")} value={draft.entity} onChange={(_, data) => onChange(onEntity(draft, data.value as EntityType, context))}>
              {entityTypes.map((entity) => (
                <option key={entity} value={entity}>
                  {entityLabels[entity].many}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Description" {...invalid(error("description"))}>
          <Textarea id={controlId("description")} value={draft.description ?? ""} maxLength={1000} resize="vertical" onChange={(_, data) => onChange({ ...draft, description: data.value })} />
        </Field>
        <div className={styles.row}>
          <Switch
            id={controlId("enabled")}
            label={draft.enabled === false ? "Off: it does not run" : "On: it runs when triggered"}
            checked={draft.enabled !== false}
            onChange={(_, data) => onChange({ ...draft, enabled: data.checked })}
          />
        </div>
        <CheckboxGroup
          id={controlId("roleIds")}
          label="Acts with the permissions of"
          hint="The workflow changes records as these roles allow, and you must hold each one. None chosen: your own roles."
          options={context.roles.map((role) => ({ value: role.id, label: role.name }))}
          chosen={draft.roleIds ?? []}
          onChange={(roleIds) => onChange({ ...draft, roleIds })}
          error={error("roleIds")}
        />
      </Card>

      <Card>
        <Subtitle2 as="h3">When</Subtitle2>
        <TriggerEditor trigger={draft.trigger} entity={draft.entity} form={form} context={context} onChange={(trigger) => onChange({ ...draft, trigger })} />
      </Card>

      <Card>
        <Subtitle2 as="h3">Only if</Subtitle2>
        <ConditionsEditor
          conditions={conditions}
          fields={conditionFields(form)}
          one={entityLabels[draft.entity].one.toLowerCase()}
          context={context}
          onChange={(next) => onChange({ ...draft, conditions: next })}
        />
      </Card>

      <Card>
        <Subtitle2 as="h3" id={controlId("actions")} tabIndex={-1}>
          Then
        </Subtitle2>
        <ActionList actions={draft.actions} entity={draft.entity} form={form} context={context} onChange={(actions) => onChange({ ...draft, actions })} />
      </Card>

      <Card role="region" aria-labelledby={controlId("plain-words")}>
        <Subtitle2 as="h3" id={controlId("plain-words")}>
          In plain words
        </Subtitle2>
        <PlainWords draft={draft} names={context.names} />
      </Card>
    </div>
  );
}
