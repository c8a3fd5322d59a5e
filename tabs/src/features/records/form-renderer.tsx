/** Renders an Owner-defined form: every field type, sections, required marks and per-field errors. */
import { Checkbox, Field, FieldContextProvider, Input, Select, Switch, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import type { FieldDefinition, FieldValue, User } from "../../api/types";
import type { Draft } from "./form-values";

const useStyles = makeStyles({
  section: { border: "none", margin: 0, padding: 0, minWidth: 0, display: "grid", alignItems: "start", gap: "12px 16px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 220px), 1fr))" },
  legend: { padding: 0, marginBottom: "8px", fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, color: tokens.colorNeutralForeground2 },
  wide: { gridColumn: "1 / -1" },
  sections: { display: "flex", flexDirection: "column", gap: "20px" },
  options: { display: "flex", flexWrap: "wrap", columnGap: "8px" },
});

interface FormRendererProps {
  fields: readonly FieldDefinition[];
  values: Draft;
  onChange: (key: string, value: FieldValue) => void;
  errors?: Record<string, string>;
  readOnly?: ReadonlySet<string>;
  users?: readonly User[];
  disabled?: boolean;
  /** Prefix for element ids, so two forms on a page do not clash. */
  idPrefix?: string;
}

export function fieldInputId(prefix: string, key: string): string {
  return `${prefix}-field-${key}`;
}

export function FormRenderer(props: FormRendererProps) {
  const styles = useStyles();
  const sorted = [...props.fields].sort((a, b) => a.order - b.order);
  const sections: { name: string; fields: FieldDefinition[] }[] = [];
  for (const field of sorted) {
    const name = field.section?.trim() || "Details";
    const section = sections.find((candidate) => candidate.name === name) ?? sections[sections.push({ name, fields: [] }) - 1]!;
    section.fields.push(field);
  }
  return (
    <div className={styles.sections}>
      {sections.map((section) => (
        <fieldset key={section.name} className={styles.section}>
          <legend className={styles.legend}>{section.name}</legend>
          {section.fields.map((field) => (
            <FormField key={field.key} {...props} field={field} wide={field.type === "longText" || field.type === "multiChoice"} wideClass={styles.wide} optionsClass={styles.options} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function FormField(props: FormRendererProps & { field: FieldDefinition; wide: boolean; wideClass: string; optionsClass: string }) {
  const { field, values, onChange } = props;
  const error = props.errors?.[field.key];
  const disabled = props.disabled || props.readOnly?.has(field.key);
  const id = fieldInputId(props.idPrefix ?? "form", field.key);
  const value = values[field.key];
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  const common = { id, disabled, name: field.key };
  const hint = [field.help, props.readOnly?.has(field.key) ? "Read only for your role." : undefined].filter(Boolean).join(" ") || undefined;

  let control;
  switch (field.type) {
    case "longText":
      control = <Textarea {...common} value={text} resize="vertical" onChange={(_, data) => onChange(field.key, data.value)} />;
      break;
    case "choice":
      control = (
        <Select {...common} value={text} onChange={(_, data) => onChange(field.key, data.value)}>
          <option value="">{field.required ? "Choose…" : "—"}</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
          {text && !(field.options ?? []).includes(text) && <option value={text}>{text}</option>}
        </Select>
      );
      break;
    case "user":
      control = (
        <Select {...common} value={text} onChange={(_, data) => onChange(field.key, data.value)}>
          <option value="">—</option>
          {(props.users ?? []).map((user) => (
            <option key={user.userId} value={user.userId}>
              {user.displayName}
            </option>
          ))}
          {text && !(props.users ?? []).some((user) => user.userId === text) && <option value={text}>{text}</option>}
        </Select>
      );
      break;
    case "multiChoice": {
      const chosen = Array.isArray(value) ? value : [];
      control = (
        // Each checkbox has its own label; the Field's control props belong to one control only.
        <FieldContextProvider value={undefined}>
          <div className={props.optionsClass} role="group" id={id} aria-label={field.label} aria-invalid={error ? true : undefined}>
            {(field.options ?? []).map((option) => (
              <Checkbox
                key={option}
                label={option}
                disabled={disabled}
                checked={chosen.includes(option)}
                onChange={(_, data) => onChange(field.key, data.checked ? [...chosen, option] : chosen.filter((item) => item !== option))}
              />
            ))}
          </div>
        </FieldContextProvider>
      );
      break;
    }
    case "boolean":
      control = <Switch {...common} checked={value === true} onChange={(_, data) => onChange(field.key, data.checked)} />;
      break;
    default:
      control = (
        <Input
          {...common}
          type={inputTypes[field.type] ?? "text"}
          value={text}
          {...(field.type === "currency" ? { step: "0.01", inputMode: "decimal" as const } : {})}
          {...(field.type === "number" ? { step: "any", inputMode: "decimal" as const } : {})}
          onChange={(_, data) => onChange(field.key, data.value)}
        />
      );
  }

  return (
    <Field
      className={props.wide ? props.wideClass : undefined}
      label={field.label}
      required={field.required}
      validationState={error ? "error" : "none"}
      {...(error ? { validationMessage: error } : {})}
      {...(hint ? { hint } : {})}
    >
      {control}
    </Field>
  );
}

const inputTypes: Partial<Record<FieldDefinition["type"], "text" | "email" | "tel" | "url" | "number" | "date">> = {
  text: "text",
  email: "email",
  phone: "tel",
  url: "url",
  number: "number",
  currency: "number",
  date: "date",
};
