/** One SLA of the case workflow: a priority, how soon a case must be answered, and what happens when it is not (tell, reassign, set a status). */
import { Button, Field, Select, Text } from "@fluentui/react-components";
import type { Role, User } from "../../../api/types";
import { DurationInput, UserSelect, invalid } from "./controls";
import { withEscalation } from "./case-workflow-draft";
import type { FieldErrors } from "./describe";
import { controlId } from "./describe";
import { useEditorStyles } from "./editor-styles";
import { RecipientPicker } from "./recipient-picker";
import type { SlaRule } from "./workflow-api";

export interface CaseSlaRuleProps {
  index: number;
  rule: SlaRule;
  priorities: readonly string[];
  statuses: readonly string[];
  users: readonly User[];
  roles: readonly Pick<Role, "id" | "name">[];
  errors: FieldErrors;
  onChange: (rule: SlaRule) => void;
  onRemove: () => void;
}

export function CaseSlaRule(props: CaseSlaRuleProps) {
  const styles = useEditorStyles();
  const { index, rule, priorities, errors, users, roles } = props;
  const at = `sla[${index}]`;
  const error = (path: string) => errors.at(path);
  const update = (change: Partial<SlaRule>) => props.onChange({ ...rule, ...change });
  const escalate = (change: Partial<SlaRule["escalate"]>) => update({ escalate: withEscalation(rule.escalate, change) });
  const escalationProblems = errors.problems.filter((problem) => problem.field === `${at}.escalate`);
  return (
    <fieldset className={styles.item}>
      <legend className={styles.legend}>SLA {index + 1}</legend>
      <div className={styles.row}>
        <Field label={`SLA ${index + 1}: priority`} {...invalid(error(`${at}.priority`))}>
          <Select id={controlId(`${at}.priority`)} value={rule.priority} onChange={(_, data) => update({ priority: data.value })}>
            {priorities.map((priority) => (
              <option key={priority} value={priority}>
                {priority}
              </option>
            ))}
            {!priorities.includes(rule.priority) && <option value={rule.priority}>{rule.priority}</option>}
          </Select>
        </Field>
        <Button appearance="subtle" aria-label={`Remove SLA ${index + 1}`} onClick={props.onRemove}>
          Remove
        </Button>
      </div>
      <DurationInput path={`${at}.respondWithin`} label={`SLA ${index + 1}: answer within`} value={rule.respondWithin} error={error} onChange={(respondWithin) => update({ respondWithin })} />
      <div id={controlId(`${at}.escalate`)}>
        {escalationProblems.length > 0 && (
          <Text role="alert" className={styles.problem}>
            {escalationProblems.map((problem) => problem.message).join(" ")}
          </Text>
        )}
        <RecipientPicker
          path={`${at}.escalate.notify`}
          label={`SLA ${index + 1}: notify`}
          allowNone
          value={rule.escalate.notify}
          context={{ users, roles, errors }}
          onChange={(notify) => escalate({ notify })}
        />
        <div className={styles.row}>
          <UserSelect
            id={controlId(`${at}.escalate.reassignToUserId`)}
            label={`SLA ${index + 1}: reassign to`}
            placeholder="Nobody (keep the owner)"
            value={rule.escalate.reassignToUserId ?? ""}
            users={users}
            error={error(`${at}.escalate.reassignToUserId`)}
            onChange={(reassignToUserId) => escalate({ reassignToUserId })}
          />
          <Field label={`SLA ${index + 1}: set status`} {...invalid(error(`${at}.escalate.setStatus`))}>
            <Select id={controlId(`${at}.escalate.setStatus`)} value={rule.escalate.setStatus ?? ""} onChange={(_, data) => escalate({ setStatus: data.value })}>
              <option value="">Leave as is</option>
              {props.statuses.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
    </fieldset>
  );
}
