import { Button, Card, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, Subtitle2, makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import { describeError } from "../../../api/client";
import type { EntityType, ExplainQuery, Explanation } from "../../../api/types";
import { configPermissions, entityLabels, entityTypes, recordActions } from "../../../api/types";
import { useSession } from "../../../app/session";

const useStyles = makeStyles({ bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" } });

export function ExplainPanel() {
  const styles = useStyles();
  const { api, me, users } = useSession();
  const [userId, setUserId] = useState(me.user.id);
  const [action, setAction] = useState<ExplainQuery["action"]>("read");
  const [entity, setEntity] = useState<EntityType>("lead");
  const [answer, setAnswer] = useState<Explanation>();
  const [error, setError] = useState<string>();
  const recordAction = (recordActions as readonly string[]).includes(action);

  const explain = async () => {
    setError(undefined);
    try {
      setAnswer(await api.explain({ userId, action, ...(recordAction ? { entity } : {}) }));
    } catch (failure) {
      setAnswer(undefined);
      setError(describeError(failure));
    }
  };

  return (
    <Card>
      <Subtitle2 as="h2">Explain access</Subtitle2>
      <div className={styles.bar}>
        <Field label="User">
          <Select value={userId} onChange={(_, data) => setUserId(data.value)}>
            {users.map((user) => (
              <option key={user.userId} value={user.userId}>
                {user.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Action">
          <Select value={action} onChange={(_, data) => setAction(data.value as ExplainQuery["action"])}>
            <optgroup label="Records">
              {recordActions.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </optgroup>
            <optgroup label="Configuration">
              {configPermissions.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </optgroup>
          </Select>
        </Field>
        {recordAction && (
          <Field label="On">
            <Select value={entity} onChange={(_, data) => setEntity(data.value as EntityType)}>
              {entityTypes.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {entityLabels[candidate].many}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Button onClick={() => void explain()}>Explain</Button>
      </div>
      <div aria-live="polite">
        {answer && (
          <MessageBar intent={answer.allowed ? "success" : "warning"}>
            <MessageBarBody>
              <MessageBarTitle>{answer.allowed ? `Allowed (scope: ${answer.scope})` : "Not allowed"}</MessageBarTitle>
              {answer.reason}. Roles: {answer.roles.join(", ") || "none"}.
            </MessageBarBody>
          </MessageBar>
        )}
        {answer && answer.conflicts.length > 0 && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>Holds powers that should stay apart</MessageBarTitle>
              <ul aria-label="Separation-of-duties conflicts">
                {answer.conflicts.map((conflict) => (
                  <li key={conflict.rule}>
                    “{conflict.rule}”, through {conflict.through.join(" and ")}: {conflict.why}
                  </li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </Card>
  );
}
