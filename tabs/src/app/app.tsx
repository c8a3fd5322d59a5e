/** Starts the tab: finds the host (Teams or a plain browser), follows its theme, signs in, shows the shell. */
import { FluentProvider, Spinner, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from "@fluentui/react-components";
import type { Theme } from "@fluentui/react-components";
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from "react";
import { ApiClient, ApiError, describeError } from "../api/client";
import type { StepUpSource } from "../api/client";
import type { Me } from "../api/types";
import { browserTheme, onBrowserThemeChange } from "./browser-theme";
import type { DevSession } from "./dev-session";
import { clearDevSession, loadDevSession, requestDevToken, saveDevSession } from "./dev-session";
import { clientIdFor, needsConsent } from "../auth/consent";
import { ConsentScreen } from "./consent-screen";
import { ErrorScreen } from "./error-screen";
import { useConfigPage } from "./config-route";
import { startFirstScreen, startSession } from "./first-screen";
import { useLegalPage } from "./legal-route";
import { navigate } from "./route";
import { SessionProvider } from "./session";
import { HostThemeContext } from "./theme-context";
import { Shell } from "./shell";
import { StepUpDialog } from "./step-up-dialog";
import { StepUpPrompt } from "./step-up-prompt";
import type { HostTeam, HostTheme, TeamsHost } from "./teams-host";
import { detectTeamsHost } from "./teams-host";

const SignIn = lazy(() => import("../features/sign-in/sign-in"));
const LegalPage = lazy(() => import("../features/legal/legal-page"));
const ConfigPage = lazy(() => import("../features/config/config-page"));

const themes: Record<HostTheme, Theme> = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

type State =
  | { phase: "starting" }
  | { phase: "signIn"; message?: string }
  | { phase: "ready"; api: ApiClient; me: Me; dev: boolean }
  | { phase: "failed"; message: string }
  | { phase: "consent"; host: TeamsHost; clientId: string | undefined };

export function App(props: { detectHost?: () => Promise<TeamsHost | null> }) {
  const [theme, setTheme] = useState<HostTheme>(browserTheme);
  const [state, setState] = useState<State>({ phase: "starting" });
  /** undefined while detecting; null in a plain browser. */
  const [host, setHost] = useState<TeamsHost | null>();
  const legalPage = useLegalPage();
  const configPage = useConfigPage();
  const detectHost = props.detectHost ?? detectTeamsHost;
  const [devStepUp] = useState(() => new StepUpPrompt());

  const startDev = useCallback(
    async (session: DevSession) => {
      let current = session;
      // A sensitive action the API refuses without a recent multi-factor sign-in: "Confirm it's you", then a dev token that says so.
      const stepUp: StepUpSource = async () => {
        if (!(await devStepUp.ask())) return undefined;
        current = await requestDevToken({ tenantId: current.tenantId, userId: current.userId, displayName: current.displayName, mfa: true });
        saveDevSession(current);
        return current.token;
      };
      const api = new ApiClient(async () => current.token, "", undefined, stepUp);
      try {
        const asked = api.me();
        startSession(api);
        const me = await asked;
        startFirstScreen(api, me);
        saveDevSession(session);
        setState({ phase: "ready", api, me, dev: true });
      } catch (error) {
        clearDevSession();
        setState({ phase: "signIn", ...(error instanceof ApiError && error.status === 401 ? {} : { message: describeError(error) }) });
      }
    },
    [devStepUp],
  );

  const startTeams = useCallback(async (host: TeamsHost) => {
    let lastToken: string | undefined;
    const api = new ApiClient(
      async () => (lastToken = await host.getToken()),
      "",
      undefined,
      ({ claims }) => host.stepUp(claims),
    );
    try {
      const asked = api.me();
      startSession(api);
      const me = await asked;
      startFirstScreen(api, me);
      setState({ phase: "ready", api, me, dev: false });
    } catch (error) {
      if (needsConsent(error)) setState({ phase: "consent", host, clientId: clientIdFor(window.location.search, lastToken) });
      else setState({ phase: "failed", message: describeError(error) });
    }
  }, []);

  useEffect(() => {
    let stopBrowserTheme: (() => void) | undefined;
    let cancelled = false;
    void (async () => {
      const host = await detectHost();
      if (cancelled) return;
      setHost(host);
      if (!host) {
        stopBrowserTheme = onBrowserThemeChange(setTheme);
        const saved = loadDevSession();
        if (saved) await startDev(saved);
        else setState({ phase: "signIn" });
        return;
      }
      setTheme(host.theme);
      host.onThemeChange(setTheme);
      // Teams' configuration page needs no sign-in: it only chooses a view.
      if (host.config) return;
      if (host.deepLink) navigate(`#/${host.deepLink.replace(/^#?\/?/, "")}`);
      await startTeams(host);
    })();
    return () => {
      cancelled = true;
      stopBrowserTheme?.();
    };
  }, [detectHost, startDev, startTeams]);

  const signOut = useMemo(
    () =>
      state.phase === "ready" && state.dev
        ? () => {
            clearDevSession();
            setState({ phase: "signIn" });
          }
        : undefined,
    [state],
  );

  return (
    <FluentProvider theme={themes[theme]} style={{ height: "100%" }}>
      <HostThemeContext.Provider value={theme}>
        {legalPage ? (
          <Suspense fallback={<Spinner label="Opening…" style={{ paddingTop: 96 }} />}>
            <LegalPage page={legalPage} />
          </Suspense>
        ) : configPage || host?.config ? (
          host === undefined ? (
            <Spinner label="Opening…" style={{ paddingTop: 96 }} />
          ) : (
            <Suspense fallback={<Spinner label="Opening…" style={{ paddingTop: 96 }} />}>
              <ConfigPage config={host?.config} />
            </Suspense>
          )
        ) : (
          <Screens state={state} startDev={startDev} startTeams={startTeams} signOut={signOut} team={host?.team} />
        )}
        {state.phase === "ready" && state.dev && <StepUpDialog prompt={devStepUp} displayName={state.me.user.displayName} />}
      </HostThemeContext.Provider>
    </FluentProvider>
  );
}

function Screens(props: {
  state: State;
  startDev: (session: DevSession) => Promise<void>;
  startTeams: (host: TeamsHost) => Promise<void>;
  signOut: (() => void) | undefined;
  /** The Teams team the tab is open in, if any. */
  team: HostTeam | undefined;
}) {
  const { state, startDev, startTeams, signOut, team } = props;
  return (
    <>
      {state.phase === "starting" && <Spinner label="Opening the CRM…" style={{ paddingTop: 96 }} />}
      {state.phase === "signIn" && (
        <Suspense fallback={<Spinner label="Opening sign-in…" style={{ paddingTop: 96 }} />}>
          <SignIn onSignedIn={startDev} {...(state.message ? { message: state.message } : {})} />
        </Suspense>
      )}
      {state.phase === "failed" && <ErrorScreen message={state.message} />}
      {state.phase === "consent" && <ConsentScreen host={state.host} clientId={state.clientId} onGranted={() => startTeams(state.host)} />}
      {state.phase === "ready" && (
        <SessionProvider api={state.api} me={state.me} {...(signOut ? { signOut } : {})} {...(team ? { team } : {})}>
          <Shell />
        </SessionProvider>
      )}
    </>
  );
}
