/** What happened to a record, from the audit log. */
import { Caption1, Card, MessageBar, MessageBarBody, Spinner, Subtitle2, Text, makeStyles } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { describeError } from "../../api/client";
import type { AuditEntry, EntityType } from "../../api/types";
import { useSession } from "../../app/session";
import { ActorName } from "./actor-name";

const useStyles = makeStyles({ list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "6px" } });

function describeAction(action: string): string {
  const verb = action.split(".").slice(1).join(" ") || action;
  const words: Record<string, string> = { create: "Created", update: "Changed", delete: "Deleted", assign: "Assigned", convert: "Converted", note: "Added a note", "note create": "Added a note" };
  return words[verb] ?? verb.charAt(0).toUpperCase() + verb.slice(1);
}

export function HistoryList(props: { entity: EntityType; id: string; version: number }) {
  const styles = useStyles();
  const { api } = useSession();
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.history(props.entity, props.id).then(
      (page) => setEntries(page.items),
      (failure) => setError(describeError(failure)),
    );
  }, [api, props.entity, props.id, props.version]);

  return (
    <Card>
      <Subtitle2 as="h2">History</Subtitle2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!entries && !error && <Spinner size="tiny" label="Loading history…" />}
      {entries && entries.length === 0 && <Text>Nothing recorded yet.</Text>}
      {entries && entries.length > 0 && (
        <ol className={styles.list} aria-label="History">
          {entries.map((entry) => (
            <li key={entry.id}>
              <Text>{describeAction(entry.action)}</Text>
              <br />
              <Caption1>
                <ActorName actorId={entry.actorId} /> · {new Date(entry.at).toLocaleString()}
              </Caption1>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
