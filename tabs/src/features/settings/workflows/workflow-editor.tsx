/**
 * One workflow in plain language: "When a lead … / Only if … / Then …", with pickers
 * for the current form's fields, users, roles and stages. The server checks the
 * definition; its problems land on the control they name (`actions[0].userId`).
 */
import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle2,
  Switch,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { FieldDefinition, Pipeline, Role, User } from "../../../api/types";
import { entityLabels, entityTypes } from "../../../api/types";
import type { EntityType } from "../../../api/types";
import { CheckboxGroup, DurationInput, RoleSelect, UserSelect, ValueInput, invalid } from "./controls";
import type { FieldChoice, Names } from "./describe";
import { FieldErrors, actionLabels, conditionFields, controlId, dateFields, describeAction, describeCondition, describeTrigger, operatorLabels, operatorsFor, triggerLabels } from "./describe";
import type { Condition, ConditionOperator, Recipient, Trigger, TriggerType, WorkflowAction, WorkflowInput } from "./workflow-api";
import { actionTypes, triggerTypes } from "./workflow-api";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: "8px 12px", alignItems: "end" },
  grow: { flexGrow: 1, minWidth: "min(100%, 220px)" },
  step: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "8px 12px 12px",
    margin: 0,
    minWidth: 0,
    display: "flex",
    flexDirection: "column",
    gap: "8px",
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: "0 4px" },
  tools: { display: "flex", flexWrap: "wrap", gap: "4px" },
  summary: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "2px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface EditorContext {
  forms: Record<EntityType, { fields: FieldDefinition[] }>;
  pipelines: readonly Pipeline[];
  users: readonly User[];
  roles: readonly Pick<Role, "id" | "name">[];
  names: Names;
  errors: FieldErrors;
}

const defaultDuration = { amount: 1, unit: "days" as const };

export function newTrigger(type: TriggerType, fields: readonly FieldChoice[]): Trigger {
  const firstDate = fields.find((field) => field.kind === "date")?.key ?? "createdAt";
  switch (type) {
    case "fieldChanged":
      return { type, field: fields.find((field) => field.kind !== "timestamp" && field.key !== "ownerId")?.key ?? "" };
    case "timeAfterField":
      return { type, field: firstDate, after: defaultDuration };
    case "noActivity":
      return { type, after: { amount: 14, unit: "days" } };
    case "dueDatePassed":
      return { type, field: fields.find((field) => field.kind === "date")?.key ?? "" };
    default:
      return { type };
  }
}

export function newAction(type: WorkflowAction["type"], entity: EntityType, context: Pick<EditorContext, "forms" | "pipelines">): WorkflowAction {
  switch (type) {
    case "assign":
      return { type, strategy: "roundRobin", pool: { userIds: [] } };
    case "setField":
      return { type, field: "", value: null };
    case "moveStage":
      return { type, stageId: context.pipelines.find((pipeline) => pipeline.isDefault)?.stages[0]?.id ?? "" };
    case "addNote":
      return { type, text: "" };
    case "createTask":
      return { type, kind: "task", title: "Follow up on {record}", due: defaultDuration, assignTo: { kind: "owner" } };
    case "notify":
      return { type, to: { kind: "owner" }, message: `{record} needs your attention.` };
    case "noop":
      return { type };
  }
  void entity;
}

/** Triggers and actions each entity supports. */
const triggersFor = (entity: EntityType, form: readonly FieldDefinition[]) =>
  triggerTypes.filter((type) => (type === "stageChanged" ? entity === "opportunity" : type === "statusChanged" ? form.some((field) => field.key === "status") : true));
const actionsFor = (entity: EntityType) => actionTypes.filter((type) => type !== "moveStage" || entity === "opportunity");

export function WorkflowEditor(props: { draft: WorkflowInput; onChange: (draft: WorkflowInput) => void; context: EditorContext }) {
  const styles = useStyles();
  const { draft, onChange, context } = props;
  const { errors } = context;
  const error = (path: string) => errors.at(path);
  const form = context.forms[draft.entity]?.fields ?? [];
  const fields = conditionFields(form);
  const conditions = draft.conditions ?? { match: "all" as const, rules: [] };
  const one = entityLabels[draft.entity].one.toLowerCase();

  const setRule = (index: number, rule: Condition) => onChange({ ...draft, conditions: { ...conditions, rules: conditions.rules.map((candidate, at) => (at === index ? rule : candidate)) } });
  const setAction = (index: number, action: WorkflowAction) => onChange({ ...draft, actions: draft.actions.map((candidate, at) => (at === index ? action : candidate)) });
  const moveAction = (index: number, by: -1 | 1) => {
    const actions = [...draft.actions];
    const [moved] = actions.splice(index, 1);
    actions.splice(index + by, 0, moved!);
    onChange({ ...draft, actions });
    requestAnimationFrame(() => document.getElementById(controlId(`actions[${index + by}].type`))?.focus());
  };

  return (
    <div className={styles.form}>
      <Card>
        <Subtitle2 as="h3">About</Subtitle2>
        <div className={styles.row}>
          <Field className={styles.grow} label="Name" required {...invalid(error("name"))}>
            <Input id={controlId("name")} value={draft.name} maxLength={100} onChange={(_, data) => onChange({ ...draft, name: data.value })} />
          </Field>
          <Field label="Works on" {...invalid(error("entity"))}>
            <Select
              id={controlId("entity")}
              value={draft.entity}
              onChange={(_, data) => {
                const entity = data.value as EntityType;
                const nextFields = conditionFields(context.forms[entity]?.fields ?? []);
                onChange({ ...draft, entity, trigger: newTrigger(triggersFor(entity, context.forms[entity]?.fields ?? []).includes(draft.trigger.type) ? draft.trigger.type : "created", nextFields), conditions: { ...conditions, rules: [] }, actions: draft.actions.filter((action) => action.type !== "moveStage" || entity === "opportunity") });
              }}
            >
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
          <Switch id={controlId("enabled")} label={draft.enabled === false ? "Off: it does not run" : "On: it runs when triggered"} checked={draft.enabled !== false} onChange={(_, data) => onChange({ ...draft, enabled: data.checked })} />
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
        <Field label="Which conditions must hold" {...invalid(error("conditions.match"))}>
          <Select id={controlId("conditions.match")} value={conditions.match} onChange={(_, data) => onChange({ ...draft, conditions: { ...conditions, match: data.value as "all" | "any" } })}>
            <option value="all">All of these</option>
            <option value="any">Any of these</option>
          </Select>
        </Field>
        {conditions.rules.length === 0 && <Text className={styles.muted}>No conditions: it acts on every {one} the trigger picks.</Text>}
        {error("conditions.rules") && !conditions.rules.length && (
          <MessageBar intent="error">
            <MessageBarBody>{error("conditions.rules")}</MessageBarBody>
          </MessageBar>
        )}
        {conditions.rules.map((rule, index) => (
          <ConditionRow
            key={index}
            index={index}
            rule={rule}
            fields={fields}
            context={context}
            onChange={(next) => setRule(index, next)}
            onRemove={() => onChange({ ...draft, conditions: { ...conditions, rules: conditions.rules.filter((_, at) => at !== index) } })}
          />
        ))}
        <div>
          <Button
            onClick={() => {
              const field = fields[0]!;
              onChange({ ...draft, conditions: { ...conditions, rules: [...conditions.rules, { field: field.key, op: "notEmpty" }] } });
              requestAnimationFrame(() => document.getElementById(controlId(`conditions.rules[${conditions.rules.length}].field`))?.focus());
            }}
          >
            Add condition
          </Button>
        </div>
      </Card>

      <Card>
        <Subtitle2 as="h3" id={controlId("actions")} tabIndex={-1}>
          Then
        </Subtitle2>
        {errors.problems.some((problem) => problem.field === "actions") && (
          <MessageBar intent="error">
            <MessageBarBody>{errors.problems.filter((problem) => problem.field === "actions").map((problem) => problem.message).join(" ")}</MessageBarBody>
          </MessageBar>
        )}
        {draft.actions.length === 0 && <Text className={styles.muted}>No actions yet: add what the workflow does.</Text>}
        {draft.actions.map((action, index) => (
          <fieldset key={index} className={styles.item}>
            <legend className={styles.legend}>Action {index + 1}</legend>
            <ActionEditor path={`actions[${index}]`} action={action} entity={draft.entity} form={form} context={context} onChange={(next) => setAction(index, next)} />
            <div className={styles.tools}>
              <Button size="small" appearance="subtle" aria-label={`Move action ${index + 1} up`} disabled={index === 0} onClick={() => moveAction(index, -1)}>
                ↑ Up
              </Button>
              <Button size="small" appearance="subtle" aria-label={`Move action ${index + 1} down`} disabled={index === draft.actions.length - 1} onClick={() => moveAction(index, 1)}>
                ↓ Down
              </Button>
              <Button size="small" appearance="subtle" aria-label={`Remove action ${index + 1}`} onClick={() => onChange({ ...draft, actions: draft.actions.filter((_, at) => at !== index) })}>
                Remove
              </Button>
            </div>
          </fieldset>
        ))}
        <div>
          <Button
            disabled={draft.actions.length >= 20}
            onClick={() => {
              onChange({ ...draft, actions: [...draft.actions, newAction("notify", draft.entity, context)] });
              requestAnimationFrame(() => document.getElementById(controlId(`actions[${draft.actions.length}].type`))?.focus());
            }}
          >
            Add action
          </Button>
        </div>
      </Card>

      <Card>
        <Subtitle2 as="h3">In plain words</Subtitle2>
        <PlainWords draft={draft} names={context.names} />
      </Card>
    </div>
  );
}

export function PlainWords(props: { draft: WorkflowInput; names: Names }) {
  const styles = useStyles();
  const { draft, names } = props;
  const rules = draft.conditions?.rules ?? [];
  return (
    <div aria-live="polite">
      <Text block weight="semibold">
        {describeTrigger(draft.trigger, names)}
        {rules.length > 0 ? `, if ${draft.conditions?.match === "any" ? "any" : "all"} of:` : ":"}
      </Text>
      {rules.length > 0 && (
        <ul className={styles.summary}>
          {rules.map((rule, index) => (
            <li key={index}>{describeCondition(rule, names)}</li>
          ))}
        </ul>
      )}
      <Caption1 block>then</Caption1>
      <ol className={styles.summary}>
        {draft.actions.map((action, index) => (
          <li key={index}>{describeAction(action, names)}</li>
        ))}
        {draft.actions.length === 0 && <li>(nothing yet)</li>}
      </ol>
    </div>
  );
}

function TriggerEditor(props: { trigger: Trigger; entity: EntityType; form: readonly FieldDefinition[]; context: EditorContext; onChange: (trigger: Trigger) => void }) {
  const styles = useStyles();
  const { trigger, context, onChange } = props;
  const error = (path: string) => context.errors.at(path);
  const fields = conditionFields(props.form);
  const one = entityLabels[props.entity].one.toLowerCase();
  const changeable = fields.filter((field) => field.kind !== "timestamp" && field.key !== "ownerId");
  const status = fields.find((field) => field.key === "status");
  const stages = context.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ value: stage.id, label: context.pipelines.length > 1 ? `${pipeline.name}: ${stage.name}` : stage.name })));
  return (
    <div className={styles.step}>
      <Field label={`When a ${one}…`} {...invalid(error("trigger.type") ?? error("trigger"))}>
        <Select id={controlId("trigger.type")} value={trigger.type} onChange={(_, data) => onChange(newTrigger(data.value as TriggerType, fields))}>
          {triggersFor(props.entity, props.form).map((type) => (
            <option key={type} value={type}>
              {triggerLabels[type]}
            </option>
          ))}
        </Select>
      </Field>
      {trigger.type === "fieldChanged" && (
        <div className={styles.row}>
          <Field label="Field" {...invalid(error("trigger.field"))}>
            <Select id={controlId("trigger.field")} value={trigger.field} onChange={(_, data) => onChange({ type: "fieldChanged", field: data.value })}>
              {!changeable.some((field) => field.key === trigger.field) && <option value={trigger.field}>{trigger.field || "Choose a field…"}</option>}
              {changeable.map((field) => (
                <option key={field.key} value={field.key}>
                  {field.label}
                </option>
              ))}
            </Select>
          </Field>
          {(["from", "to"] as const).map((side) => (
            <ValueInput
              key={side}
              id={controlId(`trigger.${side}`)}
              label={side === "from" ? "From (optional)" : "To (optional)"}
              field={changeable.find((field) => field.key === trigger.field)}
              many={false}
              optional
              value={trigger[side]}
              users={context.users}
              error={error(`trigger.${side}`)}
              onChange={(value) => {
                const next = { ...trigger };
                if (value === undefined || Array.isArray(value)) delete next[side];
                else next[side] = value;
                onChange(next);
              }}
            />
          ))}
        </div>
      )}
      {(trigger.type === "stageChanged" || trigger.type === "statusChanged") && (
        <div className={styles.row}>
          {(["from", "to"] as const).map((side) => (
            <Field key={side} label={side === "from" ? "From (optional)" : "To (optional)"} {...invalid(error(`trigger.${side}`))}>
              <Select
                id={controlId(`trigger.${side}`)}
                value={trigger[side] ?? ""}
                onChange={(_, data) => {
                  const next = { ...trigger };
                  if (data.value === "") delete next[side];
                  else next[side] = data.value;
                  onChange(next);
                }}
              >
                <option value="">{trigger.type === "stageChanged" ? "Any stage" : "Any status"}</option>
                {(trigger.type === "stageChanged" ? stages : (status?.options ?? []).map((option) => ({ value: option, label: option }))).map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
      )}
      {(trigger.type === "timeAfterField" || trigger.type === "dueDatePassed") && (
        <Field label="Date field" {...invalid(error("trigger.field"))}>
          <Select id={controlId("trigger.field")} value={trigger.field} onChange={(_, data) => onChange({ ...trigger, field: data.value })}>
            {!dateFields(props.form).some((field) => field.key === trigger.field) && <option value={trigger.field}>{trigger.field || "Choose a date field…"}</option>}
            {dateFields(props.form)
              .filter((field) => trigger.type === "timeAfterField" || field.kind === "date")
              .map((field) => (
                <option key={field.key} value={field.key}>
                  {field.label}
                </option>
              ))}
          </Select>
        </Field>
      )}
      {(trigger.type === "timeAfterField" || trigger.type === "noActivity") && (
        <DurationInput path="trigger.after" label={trigger.type === "noActivity" ? "No activity for" : "Time after the date"} value={trigger.after} error={error} onChange={(after) => onChange({ ...trigger, after })} />
      )}
    </div>
  );
}

function ConditionRow(props: { index: number; rule: Condition; fields: readonly FieldChoice[]; context: EditorContext; onChange: (rule: Condition) => void; onRemove: () => void }) {
  const styles = useStyles();
  const { rule, index, fields, context } = props;
  const at = `conditions.rules[${index}]`;
  const error = (path: string) => context.errors.at(path);
  const field = fields.find((candidate) => candidate.key === rule.field);
  const operators = operatorsFor(field?.kind ?? "text");
  const many = rule.op === "in" || rule.op === "notIn";
  const needsValue = rule.op !== "empty" && rule.op !== "notEmpty";
  const setOp = (op: ConditionOperator) => {
    const next: Condition = { field: rule.field, op };
    const wasMany = many;
    const isMany = op === "in" || op === "notIn";
    if (op !== "empty" && op !== "notEmpty" && rule.value !== undefined && wasMany === isMany) next.value = rule.value;
    props.onChange(next);
  };
  return (
    <fieldset className={styles.item}>
      <legend className={styles.legend}>Condition {index + 1}</legend>
      <div className={styles.row}>
        <Field label={`Condition ${index + 1}: field`} {...invalid(error(`${at}.field`))}>
          <Select id={controlId(`${at}.field`)} value={rule.field} onChange={(_, data) => props.onChange({ field: data.value, op: operatorsFor(fields.find((candidate) => candidate.key === data.value)?.kind ?? "text").includes(rule.op) ? rule.op : "notEmpty" })}>
            {!field && <option value={rule.field}>{rule.field}</option>}
            {fields.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={`Condition ${index + 1}: test`} {...invalid(error(`${at}.op`))}>
          <Select id={controlId(`${at}.op`)} value={rule.op} onChange={(_, data) => setOp(data.value as ConditionOperator)}>
            {(operators.includes(rule.op) ? operators : [rule.op, ...operators]).map((op) => (
              <option key={op} value={op}>
                {operatorLabels[op]}
              </option>
            ))}
          </Select>
        </Field>
        {needsValue && (
          <div className={styles.grow}>
            <ValueInput
              id={controlId(`${at}.value`)}
              label={`Condition ${index + 1}: value`}
              field={field}
              many={many}
              value={rule.value}
              users={context.users}
              error={error(`${at}.value`)}
              onChange={(value) => {
                const next: Condition = { field: rule.field, op: rule.op };
                if (value !== undefined) next.value = value;
                props.onChange(next);
              }}
            />
          </div>
        )}
        <Button appearance="subtle" aria-label={`Remove condition ${index + 1}`} onClick={props.onRemove}>
          Remove
        </Button>
      </div>
      {error(at) && context.errors.problems.some((problem) => problem.field === at) && <Text role="alert">{context.errors.problems.filter((problem) => problem.field === at).map((problem) => problem.message).join(" ")}</Text>}
    </fieldset>
  );
}

function ActionEditor(props: { path: string; action: WorkflowAction; entity: EntityType; form: readonly FieldDefinition[]; context: EditorContext; onChange: (action: WorkflowAction) => void }) {
  const styles = useStyles();
  const { action, path: at, context, onChange } = props;
  const error = (path: string) => context.errors.at(path);
  const n = Number(/\[(\d+)\]/.exec(at)?.[1] ?? 0) + 1;
  const activeUsers = context.users;
  const stages = context.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ value: stage.id, label: context.pipelines.length > 1 ? `${pipeline.name}: ${stage.name}` : stage.name })));
  const formFields = conditionFields(props.form).filter((field) => field.kind !== "timestamp" && field.key !== "ownerId");

  let details = null;
  switch (action.type) {
    case "assign":
      details = (
        <>
          <Field label={`Action ${n}: how to choose`} {...invalid(error(`${at}.strategy`))}>
            <Select
              id={controlId(`${at}.strategy`)}
              value={action.strategy}
              onChange={(_, data) => onChange(data.value === "user" ? { type: "assign", strategy: "user", userId: "" } : { type: "assign", strategy: data.value as "roundRobin" | "leastOpen", pool: action.strategy === "user" ? { userIds: [] } : action.pool })}
            >
              <option value="user">One person</option>
              <option value="roundRobin">In turn (round-robin)</option>
              <option value="leastOpen">Whoever has the fewest open records</option>
            </Select>
          </Field>
          {action.strategy === "user" ? (
            <UserSelect id={controlId(`${at}.userId`)} label={`Action ${n}: person`} value={action.userId} users={activeUsers} error={error(`${at}.userId`)} onChange={(userId) => onChange({ ...action, userId })} />
          ) : (
            <>
              <CheckboxGroup
                id={controlId(`${at}.pool.userIds`)}
                label={`Action ${n}: among these people`}
                hint="Inactive people are skipped when the workflow runs."
                options={activeUsers.map((user) => ({ value: user.userId, label: `${user.displayName}${user.active ? "" : " (inactive)"}` }))}
                chosen={action.pool.userIds ?? []}
                error={error(`${at}.pool.userIds`) ?? error(`${at}.pool`)}
                onChange={(userIds) => onChange({ ...action, pool: { ...action.pool, userIds } })}
              />
              <RoleSelect
                id={controlId(`${at}.pool.roleId`)}
                label={`Action ${n}: and/or everyone with the role`}
                placeholder="No role"
                value={action.pool.roleId ?? ""}
                roles={context.roles}
                error={error(`${at}.pool.roleId`)}
                onChange={(roleId) => {
                  const pool = { ...action.pool };
                  if (roleId) pool.roleId = roleId;
                  else delete pool.roleId;
                  onChange({ ...action, pool });
                }}
              />
            </>
          )}
        </>
      );
      break;
    case "setField": {
      const field = formFields.find((candidate) => candidate.key === action.field);
      details = (
        <div className={styles.row}>
          <Field label={`Action ${n}: field`} {...invalid(error(`${at}.field`))}>
            <Select id={controlId(`${at}.field`)} value={action.field} onChange={(_, data) => onChange({ ...action, field: data.value, value: null })}>
              {!field && <option value={action.field}>{action.field || "Choose a field…"}</option>}
              {formFields.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.label}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.grow}>
            <ValueInput
              id={controlId(`${at}.value`)}
              label={`Action ${n}: new value (empty clears it)`}
              field={field}
              many={field?.kind === "multiChoice"}
              optional
              value={action.value}
              users={context.users}
              error={error(`${at}.value`)}
              onChange={(value) => onChange({ ...action, value: value === undefined ? null : Array.isArray(value) ? value.map(String) : value })}
            />
          </div>
        </div>
      );
      break;
    }
    case "moveStage":
      details = (
        <Field label={`Action ${n}: stage`} {...invalid(error(`${at}.stageId`) ?? error(`${at}.type`))}>
          <Select id={controlId(`${at}.stageId`)} value={action.stageId} onChange={(_, data) => onChange({ ...action, stageId: data.value })}>
            {!stages.some((stage) => stage.value === action.stageId) && <option value={action.stageId}>{action.stageId || "Choose a stage…"}</option>}
            {stages.map((stage) => (
              <option key={stage.value} value={stage.value}>
                {stage.label}
              </option>
            ))}
          </Select>
        </Field>
      );
      break;
    case "addNote":
      details = (
        <Field label={`Action ${n}: note`} hint="{record} is the record's name; {fieldKey} a field's value." {...invalid(error(`${at}.text`))}>
          <Textarea id={controlId(`${at}.text`)} value={action.text} maxLength={2000} resize="vertical" onChange={(_, data) => onChange({ ...action, text: data.value })} />
        </Field>
      );
      break;
    case "createTask":
      details = (
        <>
          <div className={styles.row}>
            <Field label={`Action ${n}: kind`} {...invalid(error(`${at}.kind`))}>
              <Select id={controlId(`${at}.kind`)} value={action.kind} onChange={(_, data) => onChange({ ...action, kind: data.value as "task" | "reminder" })}>
                <option value="task">Task</option>
                <option value="reminder">Reminder (also sent in chat when due)</option>
              </Select>
            </Field>
            <Field className={styles.grow} label={`Action ${n}: title`} {...invalid(error(`${at}.title`))}>
              <Input id={controlId(`${at}.title`)} value={action.title} maxLength={200} onChange={(_, data) => onChange({ ...action, title: data.value })} />
            </Field>
          </div>
          <DurationInput path={`${at}.due`} label={`Action ${n}: due in`} value={action.due} error={error} onChange={(due) => onChange({ ...action, due })} />
          <div className={styles.row}>
            <Field label={`Action ${n}: for`} {...invalid(error(`${at}.assignTo`))}>
              <Select id={controlId(`${at}.assignTo`)} value={action.assignTo.kind} onChange={(_, data) => onChange({ ...action, assignTo: data.value === "owner" ? { kind: "owner" } : { kind: "user", userId: "" } })}>
                <option value="owner">The record's owner</option>
                <option value="user">A person</option>
              </Select>
            </Field>
            {action.assignTo.kind === "user" && (
              <UserSelect id={controlId(`${at}.assignTo.userId`)} label={`Action ${n}: person`} value={action.assignTo.userId} users={activeUsers} error={error(`${at}.assignTo.userId`)} onChange={(userId) => onChange({ ...action, assignTo: { kind: "user", userId } })} />
            )}
          </div>
        </>
      );
      break;
    case "notify":
      details = (
        <>
          <RecipientPicker path={`${at}.to`} label={`Action ${n}: tell`} value={action.to} context={context} onChange={(to) => onChange({ ...action, to: to ?? { kind: "owner" } })} />
          <Field label={`Action ${n}: message`} hint="{record} is the record's name; {fieldKey} a field's value." {...invalid(error(`${at}.message`))}>
            <Textarea id={controlId(`${at}.message`)} value={action.message} maxLength={1000} resize="vertical" onChange={(_, data) => onChange({ ...action, message: data.value })} />
          </Field>
        </>
      );
      break;
    case "noop":
      break;
  }
  return (
    <>
      <Field label={`Action ${n}: what to do`} {...invalid(error(`${at}.type`) && action.type !== "moveStage" ? error(`${at}.type`) : undefined)}>
        <Select id={controlId(`${at}.type`)} value={action.type} onChange={(_, data) => onChange(newAction(data.value as WorkflowAction["type"], props.entity, context))}>
          {actionsFor(props.entity).map((type) => (
            <option key={type} value={type}>
              {actionLabels[type]}
            </option>
          ))}
        </Select>
      </Field>
      {details}
    </>
  );
}

export function RecipientPicker(props: { path: string; label: string; value: Recipient | undefined; context: Pick<EditorContext, "users" | "roles" | "errors">; onChange: (value: Recipient | undefined) => void; allowNone?: boolean }) {
  const styles = useStyles();
  const { path, value, context } = props;
  const error = (at: string) => context.errors.at(at);
  return (
    <div className={styles.row}>
      <Field label={props.label} {...invalid(error(path) && !value ? error(path) : error(`${path}.kind`))}>
        <Select
          id={controlId(`${path}.kind`)}
          value={value?.kind ?? ""}
          onChange={(_, data) => {
            const kind = data.value;
            props.onChange(kind === "owner" ? { kind } : kind === "user" ? { kind, userId: "" } : kind === "role" ? { kind, roleId: "" } : kind === "channel" ? { kind, channelId: "" } : undefined);
          }}
        >
          {props.allowNone && <option value="">Nobody</option>}
          <option value="owner">The record's owner</option>
          <option value="user">A person</option>
          <option value="role">Everyone with a role</option>
          <option value="channel">A Teams channel</option>
        </Select>
      </Field>
      {value?.kind === "user" && <UserSelect id={controlId(`${path}.userId`)} label={`${props.label}: person`} value={value.userId} users={context.users} error={error(`${path}.userId`)} onChange={(userId) => props.onChange({ kind: "user", userId })} />}
      {value?.kind === "role" && <RoleSelect id={controlId(`${path}.roleId`)} label={`${props.label}: role`} value={value.roleId} roles={context.roles} error={error(`${path}.roleId`)} onChange={(roleId) => props.onChange({ kind: "role", roleId })} />}
      {value?.kind === "channel" && (
        <Field className={styles.grow} label={`${props.label}: channel id`} hint="From the channel's link in Teams (19:…@thread.tacv2)." {...invalid(error(`${path}.channelId`))}>
          <Input id={controlId(`${path}.channelId`)} value={value.channelId} onChange={(_, data) => props.onChange({ kind: "channel", channelId: data.value.trim() })} />
        </Field>
      )}
    </div>
  );
}

export { FieldErrors };
