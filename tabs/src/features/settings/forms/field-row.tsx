/**
 * One field of the form editor: a summary line (label, type, section, move, edit, remove)
 * and, when open, its settings and its visibility per role. The title field (what names
 * a record) keeps its type, stays required and cannot be removed.
 */
import { Badge, Button, Field, Input, Select, Switch, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import type { EntityType, FieldAccess, FieldDefinition, Role } from "../../../api/types";
import { fieldTypes } from "../../../api/types";
import type { FieldRow as Row } from "./field-rows";
import { fieldTypeLabels, isTitleField } from "./form-draft";
import type { RuleChanges } from "./role-rules";
import { RoleVisibility } from "./role-visibility";

const useStyles = makeStyles({
  row: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: "8px", display: "flex", flexDirection: "column", gap: "8px" },
  rowError: { border: `1px solid ${tokens.colorPaletteRedBorder2}` },
  summary: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "6px" },
  grow: { flexGrow: 1, minWidth: "120px" },
  edit: { display: "grid", gap: "8px 12px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 180px), 1fr))" },
  wide: { gridColumn: "1 / -1" },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

export interface FieldRowProps {
  entity: EntityType;
  row: Row;
  index: number;
  count: number;
  expanded: boolean;
  /** The server's problems with this field, by part (`label`, `key`, `options`, …). */
  problems?: Record<string, string>;
  roles: readonly Role[];
  ruleChanges: RuleChanges;
  onChange: (change: Partial<Omit<FieldDefinition, "key" | "label">>) => void;
  onRelabel: (label: string) => void;
  onRekey: (key: string) => void;
  onMove: (direction: -1 | 1) => void;
  onToggle: () => void;
  onRemove: () => void;
  onRule: (roleId: string, access: FieldAccess) => void;
}

/** The id of a row's move button, so focus can follow the field it moved. */
export const moveButtonId = (entity: EntityType, index: number, direction: -1 | 1) => `move-${entity}-${index}-${direction < 0 ? "up" : "down"}`;

export function FieldRow(props: FieldRowProps) {
  const styles = useStyles();
  const { row, index, expanded, problems } = props;
  const { field } = row;
  const title = isTitleField(props.entity, field.key);
  const choice = field.type === "choice" || field.type === "multiChoice";
  // Problems no input of the open row shows (or any, when the row is closed).
  const unshown = Object.entries(problems ?? {})
    .filter(([part]) => !expanded || !(part === "label" || part === "key" || (part === "options" && choice)))
    .map(([, text]) => text);
  return (
    <li className={problems ? `${styles.row} ${styles.rowError}` : styles.row}>
      <div className={styles.summary}>
        <Text weight="semibold" className={styles.grow}>
          {field.label || "(no label)"}
          {field.required && <span aria-label="required"> *</span>}
        </Text>
        <Badge appearance="tint" color="informative">
          {fieldTypeLabels[field.type]}
        </Badge>
        {field.section && <Badge appearance="outline">{field.section}</Badge>}
        <Button size="small" appearance="subtle" id={moveButtonId(props.entity, index, -1)} disabled={index === 0} onClick={() => props.onMove(-1)} aria-label={`Move ${field.label} up`}>
          ↑
        </Button>
        <Button size="small" appearance="subtle" id={moveButtonId(props.entity, index, 1)} disabled={index === props.count - 1} onClick={() => props.onMove(1)} aria-label={`Move ${field.label} down`}>
          ↓
        </Button>
        <Button size="small" onClick={props.onToggle} aria-expanded={expanded} aria-label={`${expanded ? "Close" : "Edit"} ${field.label}`}>
          {expanded ? "Done" : "Edit"}
        </Button>
        {!title && (
          <Button size="small" appearance="subtle" onClick={props.onRemove} aria-label={`Remove ${field.label}`}>
            Remove
          </Button>
        )}
      </div>
      {unshown.length > 0 && (
        <Text size={200} className={styles.problem}>
          {unshown.join(" ")}
        </Text>
      )}
      {expanded && (
        <div className={styles.edit}>
          <Field label="Label" required validationState={problems?.label ? "error" : "none"} validationMessage={problems?.label}>
            <Input value={field.label} onChange={(_, data) => props.onRelabel(data.value)} />
          </Field>
          <Field label="Key" hint={row.isNew ? "Used by the API and the bot." : "Fixed once saved."} validationState={problems?.key ? "error" : "none"} validationMessage={problems?.key}>
            <Input value={field.key} disabled={!row.isNew} onChange={(_, data) => props.onRekey(data.value)} />
          </Field>
          <Field label="Type">
            <Select value={field.type} disabled={title} onChange={(_, data) => props.onChange({ type: data.value as FieldDefinition["type"] })}>
              {fieldTypes.map((type) => (
                <option key={type} value={type}>
                  {fieldTypeLabels[type]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Section">
            <Input value={field.section ?? ""} onChange={(_, data) => props.onChange({ section: data.value })} />
          </Field>
          <Switch label="Required" checked={field.required} disabled={title} onChange={(_, data) => props.onChange({ required: data.checked })} />
          <Field label="Help text" className={styles.wide}>
            <Input value={field.help ?? ""} onChange={(_, data) => props.onChange({ help: data.value })} />
          </Field>
          {choice && (
            <Field label="Options (one per line)" className={styles.wide} validationState={problems?.options ? "error" : "none"} validationMessage={problems?.options}>
              <Textarea value={(field.options ?? []).join("\n")} onChange={(_, data) => props.onChange({ options: data.value.split("\n") })} />
            </Field>
          )}
          <div className={styles.wide}>
            <RoleVisibility entity={props.entity} fieldKey={field.key} roles={props.roles} changes={props.ruleChanges} onChange={props.onRule} />
          </div>
        </div>
      )}
    </li>
  );
}
