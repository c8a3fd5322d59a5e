/** Notes on a record, newest first, with a box to add one. */
import { Button, Caption1, Card, Field, MessageBar, MessageBarBody, Spinner, Subtitle2, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { describeError } from "../../api/client";
import type { EntityType, Note } from "../../api/types";
import { useSession } from "../../app/session";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  note: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: "8px", whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
  form: { display: "flex", flexDirection: "column", gap: "8px", alignItems: "flex-end" },
});

export function NotesPanel(props: { entity: EntityType; id: string; canAdd: boolean; onAdded: () => void }) {
  const styles = useStyles();
  const { api, userName } = useSession();
  const [notes, setNotes] = useState<Note[]>();
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.notes(props.entity, props.id).then(
      (page) => setNotes(page.items),
      (failure) => setError(describeError(failure)),
    );
  }, [api, props.entity, props.id]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      const note = await api.addNote(props.entity, props.id, text);
      setNotes((current) => [note, ...(current ?? [])]);
      setText("");
      props.onAdded();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Subtitle2 as="h2">Notes</Subtitle2>
      {props.canAdd && (
        <form className={styles.form} onSubmit={(event) => void add(event)}>
          <Field label="Add a note" style={{ width: "100%" }}>
            <Textarea value={text} onChange={(_, data) => setText(data.value)} resize="vertical" />
          </Field>
          <Button type="submit" disabled={busy || !text.trim()}>
            Add note
          </Button>
        </form>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!notes && !error && <Spinner size="tiny" label="Loading notes…" />}
      {notes && notes.length === 0 && <Text>No notes yet.</Text>}
      {notes && notes.length > 0 && (
        <ul className={styles.list} aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} className={styles.note}>
              <Text>{note.text}</Text>
              <br />
              <Caption1>
                {userName(note.authorId)} · {new Date(note.createdAt).toLocaleString()}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
