/** Small pickers the workflow editors share: durations, users, roles, field values, and the error summary. */
import { Checkbox, Field, FieldContextProvider, Input, Link, MessageBar, MessageBarBody, MessageBarTitle, Select, makeStyles } from "@fluentui/react-components";
import type { Role, User } from "../../../api/types";
import type { FieldChoice } from "./describe";
import { controlId, placeOf } from "./describe";
import type { ConditionValue, Duration, TimeUnit } from "./workflow-api";
import { timeUnits } from "./workflow-api";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
  amount: { width: "96px" },
  options: { display: "flex", flexWrap: "wrap", columnGap: "8px" },
  list: { margin: "4px 0 0", paddingLeft: "20px" },
});

/** Validation props for a Fluent Field. */
export const invalid = (message: string | undefined) => (message ? { validationState: "error" as const, validationMessage: message } : {});

export function DurationInput(props: { path: string; label: string; value: Duration; onChange: (value: Duration) => void; error: (path: string) => string | undefined }) {
  const styles = useStyles();
  const { value, path } = props;
  return (
    <div className={styles.row} role="group" aria-label={props.label}>
      <Field label={`${props.label}: amount`} {...invalid(props.error(`${path}.amount`) ?? props.error(path))}>
        <Input
          id={controlId(`${path}.amount`)}
          className={styles.amount}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={Number.isFinite(value.amount) && value.amount !== 0 ? String(value.amount) : ""}
          onChange={(_, data) => props.onChange({ ...value, amount: data.value === "" ? 0 : Number(data.value) })}
        />
      </Field>
      <Field label={`${props.label}: unit`} {...invalid(props.error(`${path}.unit`))}>
        <Select id={controlId(`${path}.unit`)} value={value.unit} onChange={(_, data) => props.onChange({ ...value, unit: data.value as TimeUnit })}>
          {timeUnits.map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

export function UserSelect(props: { id: string; label: string; value: string; users: readonly User[]; onChange: (userId: string) => void; error?: string | undefined; placeholder?: string }) {
  const { value, users } = props;
  return (
    <Field label={props.label} {...invalid(props.error)}>
      <Select id={props.id} value={value} onChange={(_, data) => props.onChange(data.value)}>
        <option value="">{props.placeholder ?? "Choose a person…"}</option>
        {users.map((user) => (
          <option key={user.userId} value={user.userId}>
            {user.displayName}
            {user.active ? "" : " (inactive)"}
          </option>
        ))}
        {value && !users.some((user) => user.userId === value) && <option value={value}>{value}</option>}
      </Select>
    </Field>
  );
}

export function RoleSelect(props: {
  id: string;
  label: string;
  value: string;
  roles: readonly Pick<Role, "id" | "name">[];
  onChange: (roleId: string) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  return (
    <Field label={props.label} {...invalid(props.error)}>
      <Select id={props.id} value={props.value} onChange={(_, data) => props.onChange(data.value)}>
        <option value="">{props.placeholder ?? "Choose a role…"}</option>
        {props.roles.map((role) => (
          <option key={role.id} value={role.id}>
            {role.name}
          </option>
        ))}
        {props.value && !props.roles.some((role) => role.id === props.value) && <option value={props.value}>{props.value}</option>}
      </Select>
    </Field>
  );
}

/** A group of checkboxes choosing several of `options`; the group is one labelled control for the Field. */
export function CheckboxGroup(props: {
  id: string;
  label: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const styles = useStyles();
  return (
    <Field label={props.label} {...invalid(props.error)} {...(props.hint ? { hint: props.hint } : {})}>
      <FieldContextProvider value={undefined}>
        <div className={styles.options} role="group" id={props.id} aria-label={props.label} aria-invalid={props.error ? true : undefined}>
          {props.options.map((option) => (
            <Checkbox
              key={option.value}
              label={option.label}
              checked={props.chosen.includes(option.value)}
              onChange={(_, data) => props.onChange(data.checked ? [...props.chosen, option.value] : props.chosen.filter((item) => item !== option.value))}
            />
          ))}
        </div>
      </FieldContextProvider>
    </Field>
  );
}

/** The right control for a value of `field`: a list for choices and people, a date, a number, yes/no, or text. */
export function ValueInput(props: {
  id: string;
  label: string;
  field: FieldChoice | undefined;
  many: boolean;
  value: ConditionValue | null | undefined;
  users: readonly User[];
  onChange: (value: ConditionValue | undefined) => void;
  error?: string | undefined;
  /** Offer "any value" (an empty choice) for optional narrowing, e.g. a trigger's from/to. */
  optional?: boolean;
}) {
  const { field, value, many } = props;
  const kind = field?.kind ?? "text";
  const options =
    kind === "user"
      ? props.users.map((user) => ({ value: user.userId, label: user.displayName }))
      : kind === "choice" || kind === "multiChoice"
        ? (field?.options ?? []).map((option) => ({ value: option, label: option }))
        : undefined;
  const text = value === undefined || value === null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
  if (many) {
    const chosen = Array.isArray(value) ? value.map(String) : [];
    if (options) return <CheckboxGroup id={props.id} label={props.label} options={options} chosen={chosen} onChange={(next) => props.onChange(next)} error={props.error} />;
    return (
      <Field label={props.label} hint="Separate values with commas." {...invalid(props.error)}>
        <Input
          id={props.id}
          value={text}
          onChange={(_, data) => {
            const items = data.value.split(",").map((item) => item.trim());
            props.onChange(kind === "number" || kind === "currency" ? items.filter(Boolean).map(Number) : data.value === "" ? [] : items);
          }}
        />
      </Field>
    );
  }
  const empty = props.optional ? "Any value" : "Choose…";
  if (options) {
    return (
      <Field label={props.label} {...invalid(props.error)}>
        <Select id={props.id} value={text} onChange={(_, data) => props.onChange(data.value === "" ? undefined : data.value)}>
          <option value="">{empty}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {text && !options.some((option) => option.value === text) && <option value={text}>{text}</option>}
        </Select>
      </Field>
    );
  }
  if (kind === "boolean") {
    return (
      <Field label={props.label} {...invalid(props.error)}>
        <Select id={props.id} value={text} onChange={(_, data) => props.onChange(data.value === "" ? undefined : data.value === "true")}>
          <option value="">{empty}</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </Select>
      </Field>
    );
  }
  const numeric = kind === "number" || kind === "currency";
  const date = kind === "date" || kind === "timestamp";
  return (
    <Field label={props.label} {...invalid(props.error)} {...(props.optional ? { hint: "Leave empty for any value." } : {})}>
      <Input
        id={props.id}
        type={numeric ? "number" : date ? "date" : "text"}
        value={date ? text.slice(0, 10) : text}
        {...(numeric ? { step: "any", inputMode: "decimal" as const } : {})}
        onChange={(_, data) => props.onChange(data.value === "" ? undefined : numeric ? Number(data.value) : data.value)}
      />
    </Field>
  );
}

/** Every problem the server named, each a link that focuses its control. */
export function ErrorSummary(props: { title: string; problems: readonly { field: string; message: string }[] }) {
  const styles = useStyles();
  if (props.problems.length === 0) return null;
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        <ul className={styles.list}>
          {props.problems.map((problem, index) => (
            <li key={`${problem.field}-${index}`}>
              <Link
                as="button"
                onClick={() => {
                  const target = findControl(problem.field);
                  target?.focus();
                  target?.scrollIntoView?.({ block: "center" });
                }}
              >
                {placeOf(problem.field)}
              </Link>
              : {problem.message}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** The control for a path, or the nearest one above it (`actions[0].pool.userIds[1]` → the pool's users). */
function findControl(path: string): HTMLElement | null {
  for (let current = path; current; current = current.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
    const element = document.getElementById(controlId(current));
    if (element) {
      const focusable = element.matches("input, select, textarea, button") ? element : element.querySelector<HTMLElement>("input, select, textarea, button");
      return focusable ?? element;
    }
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(current)) break;
  }
  return null;
}
