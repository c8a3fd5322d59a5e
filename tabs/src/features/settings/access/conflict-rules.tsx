/**
 * Separation-of-duties rules: the ready examples and the organisation's own, each on or
 * off and with or without exceptions; a form to add a rule between two powers; delete.
 */
import { Badge, Button, Card, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Subtitle2, Switch, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { ConfigPermission, EntityType, RecordAction, Role } from "../../../api/types";
import { configPermissions, entityLabels, entityTypes, recordActions } from "../../../api/types";
import type { AccessApi, ConflictRule, ConflictRuleInput, Power } from "../../approvals/access-api";
import { permissionWords, powerInWords } from "../../approvals/access-words";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { display: "flex", flexDirection: "column", gap: "4px", paddingBottom: "8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  row: { display: "flex", flexWrap: "wrap", gap: "8px 16px", alignItems: "center" },
  form: { display: "flex", flexDirection: "column", gap: "12px" },
  power: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
});

const inputOf = ({ name, why, powers, allowExceptions, enabled }: ConflictRule): ConflictRuleInput => ({ name, why, powers: [powers[0]!, powers[1]!], allowExceptions, enabled });

export function ConflictRules(props: { access: AccessApi; roles: Role[]; rules: ConflictRule[]; onChanged: () => Promise<void> }) {
  const styles = useStyles();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const roleName = (id: string) => props.roles.find((role) => role.id === id)?.name ?? "a deleted role";

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await action();
      setMessage({ intent: "success", text: done });
    } catch (failure) {
      setMessage({ intent: "error", text: describeError(failure) });
    } finally {
      setBusy(false);
      await props.onChanged();
    }
  };
  const change = (rule: ConflictRule, changes: Partial<ConflictRuleInput>, done: string) => run(() => props.access.saveRule(rule.id, { ...inputOf(rule), ...changes }, rule.etag), done);

  return (
    <Card>
      <Subtitle2 as="h2">Conflict rules</Subtitle2>
      <Text>Powers that must not meet in one person. A grant that breaks a rule that is on is refused, or needs an approved request where the rule allows exceptions.</Text>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.list} aria-label="Conflict rules">
        {props.rules.map((rule) => (
          <li key={rule.id} className={styles.item}>
            <div className={styles.row}>
              <Text weight="semibold">{rule.name}</Text>
              {rule.example && <Badge appearance="outline">ready example</Badge>}
            </div>
            <Text>
              Keeps apart: {powerInWords(rule.powers[0]!, roleName)} · {powerInWords(rule.powers[1]!, roleName)}
            </Text>
            <Text size={200}>{rule.why}</Text>
            <div className={styles.row}>
              <Switch
                label="On"
                aria-label={`${rule.name} is on`}
                checked={rule.enabled}
                disabled={busy}
                onChange={(_, data) => void change(rule, { enabled: data.checked }, `“${rule.name}” is ${data.checked ? "on" : "off"}.`)}
              />
              <Switch
                label="Allow exceptions"
                aria-label={`${rule.name} allows exceptions`}
                checked={rule.allowExceptions}
                disabled={busy}
                onChange={(_, data) => void change(rule, { allowExceptions: data.checked }, `“${rule.name}” ${data.checked ? "allows exceptions with an approved request" : "allows no exceptions"}.`)}
              />
              <Button
                size="small"
                appearance="subtle"
                disabled={busy}
                aria-label={rule.example ? `Put ${rule.name} back as shipped` : `Delete ${rule.name}`}
                onClick={() => void run(() => props.access.deleteRule(rule.id), rule.example ? `“${rule.name}” is back as shipped, off.` : `“${rule.name}” is deleted.`)}
              >
                {rule.example ? "Reset" : "Delete"}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <NewRuleForm access={props.access} roles={props.roles} onAdded={async (name) => (setMessage({ intent: "success", text: `“${name}” is added.` }), await props.onChanged())} />
    </Card>
  );
}

type PowerKind = Power["kind"];
const kindWords: Record<PowerKind, string> = { config: "A permission", record: "A record action", role: "A role" };
const scopeWords = { own: "their own or more", team: "the team's or more", all: "every one" } as const;

function PowerPicker(props: { label: string; power: Power; roles: Role[]; onChange: (power: Power) => void }) {
  const styles = useStyles();
  const { power } = props;
  const choose = (kind: PowerKind) =>
    props.onChange(kind === "config" ? { kind, permission: "workflows" } : kind === "record" ? { kind, action: "delete", atLeast: "all" } : { kind, roleId: props.roles[0]?.id ?? "owner" });
  return (
    <fieldset className={styles.power}>
      <legend>{props.label}</legend>
      <Field label="Kind">
        <Dropdown value={kindWords[power.kind]} selectedOptions={[power.kind]} onOptionSelect={(_, data) => choose(data.optionValue as PowerKind)}>
          {(Object.keys(kindWords) as PowerKind[]).map((kind) => (
            <Option key={kind} value={kind}>
              {kindWords[kind]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {power.kind === "config" && (
        <Field label="Permission">
          <Dropdown
            value={permissionWords[power.permission]}
            selectedOptions={[power.permission]}
            onOptionSelect={(_, data) => props.onChange({ kind: "config", permission: data.optionValue as ConfigPermission })}
          >
            {configPermissions.map((permission) => (
              <Option key={permission} value={permission}>
                {permissionWords[permission]}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {power.kind === "record" && (
        <>
          <Field label="Action">
            <Dropdown value={power.action} selectedOptions={[power.action]} onOptionSelect={(_, data) => props.onChange({ ...power, action: data.optionValue as RecordAction })}>
              {recordActions.map((action) => (
                <Option key={action} value={action}>
                  {action}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Scope">
            <Dropdown
              value={scopeWords[power.atLeast]}
              selectedOptions={[power.atLeast]}
              onOptionSelect={(_, data) => props.onChange({ ...power, atLeast: data.optionValue as "own" | "team" | "all" })}
            >
              {(["own", "team", "all"] as const).map((scope) => (
                <Option key={scope} value={scope}>
                  {scopeWords[scope]}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Records">
            <Dropdown
              value={power.entity ? entityLabels[power.entity].many : "Any records"}
              selectedOptions={[power.entity ?? "any"]}
              onOptionSelect={(_, data) => {
                const { entity: _entity, ...rest } = power;
                props.onChange(data.optionValue === "any" ? rest : { ...rest, entity: data.optionValue as EntityType });
              }}
            >
              <Option value="any">Any records</Option>
              {entityTypes.map((entity) => (
                <Option key={entity} value={entity}>
                  {entityLabels[entity].many}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </>
      )}
      {power.kind === "role" && (
        <Field label="Role">
          <Dropdown
            value={props.roles.find((role) => role.id === power.roleId)?.name ?? ""}
            selectedOptions={[power.roleId]}
            onOptionSelect={(_, data) => props.onChange({ kind: "role", roleId: data.optionValue ?? power.roleId })}
          >
            {props.roles.map((role) => (
              <Option key={role.id} value={role.id}>
                {role.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
    </fieldset>
  );
}

const emptyRule = (): ConflictRuleInput => ({
  name: "",
  why: "",
  powers: [
    { kind: "config", permission: "audit" },
    { kind: "record", action: "export", atLeast: "all" },
  ],
  allowExceptions: false,
  enabled: true,
});

function NewRuleForm(props: { access: AccessApi; roles: Role[]; onAdded: (name: string) => Promise<void> }) {
  const styles = useStyles();
  const [rule, setRule] = useState<ConflictRuleInput>(emptyRule);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const added = await props.access.addRule({ ...rule, name: rule.name.trim(), why: rule.why.trim() });
      setRule(emptyRule());
      await props.onAdded(added.name);
    } catch (error) {
      if (error instanceof ApiError) setErrors(Object.fromEntries(error.fields.map((problem) => [problem.field.replace(/^(body\.|\/)/, "").replace(/^powers.*/, "powers"), problem.message])));
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Add a conflict rule" noValidate>
      <Subtitle2 as="h3">Add your own rule</Subtitle2>
      {failure && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Rule name" required validationState={errors.name ? "error" : "none"} validationMessage={errors.name}>
        <Input value={rule.name} maxLength={80} onChange={(_, data) => setRule({ ...rule, name: data.value })} />
      </Field>
      <Field label="Why these powers must stay apart" required validationState={errors.why ? "error" : "none"} validationMessage={errors.why}>
        <Textarea value={rule.why} maxLength={500} onChange={(_, data) => setRule({ ...rule, why: data.value })} />
      </Field>
      <PowerPicker label="First power" power={rule.powers[0]} roles={props.roles} onChange={(power) => setRule({ ...rule, powers: [power, rule.powers[1]] })} />
      <PowerPicker label="Second power" power={rule.powers[1]} roles={props.roles} onChange={(power) => setRule({ ...rule, powers: [rule.powers[0], power] })} />
      {errors.powers && <Text role="alert">{errors.powers}</Text>}
      <div className={styles.row}>
        <Switch label="On" checked={rule.enabled} onChange={(_, data) => setRule({ ...rule, enabled: data.checked })} />
        <Switch label="Allow exceptions" checked={rule.allowExceptions} onChange={(_, data) => setRule({ ...rule, allowExceptions: data.checked })} />
        <Button type="submit" appearance="primary" disabled={busy || !rule.name.trim() || !rule.why.trim()}>
          Add rule
        </Button>
      </div>
    </form>
  );
}
