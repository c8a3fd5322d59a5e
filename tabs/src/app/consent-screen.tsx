/**
 * Shown when Teams' single sign-on needs the user first (consent or interaction), or the
 * API says Graph needs consent: "Grant access" opens the sign-in window, then the tab
 * starts again. Without the app's client id there is nothing to open: ask an admin.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { useState } from "react";
import { authStartUrl } from "../auth/consent";
import type { TeamsHost } from "./teams-host";

export function ConsentScreen(props: { host: TeamsHost; clientId: string | undefined; onGranted: () => Promise<void> }) {
  const { host, clientId, onGranted } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const grant = async () => {
    if (!clientId) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await host.authenticate(authStartUrl(window.location.origin, { clientId, ...(host.tenantId ? { tenantId: host.tenantId } : {}), ...(host.loginHint ? { loginHint: host.loginHint } : {}) }));
      await onGranted();
    } catch (error) {
      setProblem(`Sign-in did not finish (${error instanceof Error ? error.message : String(error)}). Try again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ padding: 24, maxWidth: 560, margin: "0 auto", display: "flex", flexDirection: "column", gap: 16, alignItems: "flex-start" }}>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>The CRM needs your permission</MessageBarTitle>
          {clientId
            ? "Teams could not sign you in to the CRM without asking you first. Grant access once, and the CRM opens."
            : "Teams could not sign you in to the CRM without asking you first, and this tab does not know the CRM's app id to ask you. An administrator can grant consent to the CRM app for everyone in Microsoft Entra."}
        </MessageBarBody>
      </MessageBar>
      {problem && (
        <Text role="alert" style={{ margin: 0 }}>
          {problem}
        </Text>
      )}
      {clientId && (
        <Button appearance="primary" onClick={() => void grant()} disabled={busy}>
          {busy ? "Waiting for sign-in…" : "Grant access"}
        </Button>
      )}
    </div>
  );
}
