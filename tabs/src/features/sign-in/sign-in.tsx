/** Dev mode, plain browser: pick a tenant and a user; the server issues a dev token. */
import { Button, Card, CardHeader, Field, Input, MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { FormEvent } from "react";
import type { DevSession } from "../../app/dev-session";
import { requestDevToken } from "../../app/dev-session";

const useStyles = makeStyles({
  page: { minHeight: "100%", display: "flex", alignItems: "flex-start", justifyContent: "center", padding: "48px 12px", boxSizing: "border-box", backgroundColor: tokens.colorNeutralBackground2 },
  card: { width: "100%", maxWidth: "420px", padding: "24px" },
  form: { display: "flex", flexDirection: "column", gap: "12px" },
  people: { display: "flex", flexWrap: "wrap", gap: "8px" },
});

const samples = [
  { userId: "olivia", displayName: "Olivia Owner" },
  { userId: "max", displayName: "Max Member" },
  { userId: "mia", displayName: "Mia Member" },
];

export default function SignIn(props: { onSignedIn: (session: DevSession) => Promise<void>; message?: string }) {
  const styles = useStyles();
  const [tenantId, setTenantId] = useState("contoso");
  const [userId, setUserId] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(props.message);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSignedIn(await requestDevToken({ tenantId: tenantId.trim(), userId: userId.trim(), displayName: displayName.trim() || userId.trim() }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Sign-in failed.");
      setBusy(false);
    }
  };

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <CardHeader header={<Title2 as="h1">Sign in to the CRM</Title2>} description={<Text>Dev mode: outside Teams, pick who you are.</Text>} />
        <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Dev sign-in">
          {error && (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
          <Field label="Tenant" required hint="Each tenant is a separate company. The first person to sign in becomes its Owner.">
            <Input value={tenantId} onChange={(_, data) => setTenantId(data.value)} />
          </Field>
          <Field label="User id" required>
            <Input value={userId} onChange={(_, data) => setUserId(data.value)} />
          </Field>
          <Field label="Display name">
            <Input value={displayName} onChange={(_, data) => setDisplayName(data.value)} />
          </Field>
          <div className={styles.people} role="group" aria-label="Sample people">
            {samples.map((sample) => (
              <Button
                key={sample.userId}
                size="small"
                appearance="subtle"
                onClick={() => {
                  setUserId(sample.userId);
                  setDisplayName(sample.displayName);
                }}
              >
                {sample.displayName}
              </Button>
            ))}
          </div>
          <Button type="submit" appearance="primary" disabled={busy || !tenantId.trim() || !userId.trim()}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </Card>
    </main>
  );
}
