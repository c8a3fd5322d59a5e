/**
 * The thin adapter to Microsoft Teams. Outside Teams (a plain browser at the top level)
 * teams-js is never loaded; inside an iframe it is loaded on demand and its initialize
 * is raced against a timeout, because in a non-Teams iframe it never settles.
 */
import { tokenExpiresAt } from "../auth/consent";

export type HostTheme = "light" | "dark" | "contrast";

export interface TeamsHost {
  theme: HostTheme;
  /** A route from a deep link (subPageId / subEntityId), e.g. "leads/<id>". */
  deepLink?: string;
  onThemeChange: (listener: (theme: HostTheme) => void) => void;
  getToken: () => Promise<string>;
  /**
   * A token for a fresh multi-factor sign-in: single sign-on asked for the API's claims
   * challenge, which Teams turns into Entra ID's sign-in with the second factor. Undefined
   * when the user cancels or it cannot be had. Until it expires, `getToken` hands it out.
   */
  stepUp: (claims: string) => Promise<string | undefined>;
  /** The user's Entra tenant and sign-in name (Teams' context), for a sign-in window. */
  tenantId?: string;
  loginHint?: string;
  /** Opens `url` in a Teams authentication window (`authentication.authenticate`); resolves with what auth-end.html reported. */
  authenticate: (url: string) => Promise<string>;
  /** Set when Teams opened the tab as a configurable tab's configuration page (frame context "settings"). */
  config?: TabConfigHost;
  /** The Teams team the tab was opened in (a channel tab), whose roster an Owner may link. */
  team?: HostTeam;
}

export interface HostTeam {
  groupId: string;
  name: string;
}

/** What a configurable (channel or group chat) tab shows: Teams' `pages.config.setConfig` settings. */
export interface TabSettings {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
}

/** teams-js `pages.config`, as the configuration page needs it. */
export interface TabConfigHost {
  /** The entityId of the tab being reconfigured (Teams' `page.id`), when there is one. */
  currentEntityId?: string;
  /** Enables or disables Teams' Save button. */
  setValid: (valid: boolean) => void;
  /** On Save: `settings()` is given to `setConfig`; undefined (nothing chosen) fails the save. */
  onSave: (settings: () => TabSettings | undefined) => void;
}

const initializeTimeoutMs = 3000;

function isTopLevelBrowser(win: Window = window): boolean {
  const mobileBridge = (win as unknown as { nativeInterface?: unknown }).nativeInterface;
  return win.parent === win && !mobileBridge;
}

function toHostTheme(teamsTheme: string | undefined): HostTheme {
  if (teamsTheme === "dark") return "dark";
  if (teamsTheme === "contrast") return "contrast";
  return "light";
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("Teams did not answer")), ms));
}

/** Resolves to the Teams host, or null when the tab runs as a plain web page. */
export async function detectTeamsHost(): Promise<TeamsHost | null> {
  if (isTopLevelBrowser()) return null;
  try {
    const { app, authentication, pages, FrameContexts } = await import("@microsoft/teams-js");
    await Promise.race([app.initialize(), timeout(initializeTimeoutMs)]);
    const context = await app.getContext();
    const deepLink = context.page.subPageId || undefined;
    // Teams shows the tab once told; should the notice fail, the tab has nothing better to do than go on.
    app.notifySuccess().catch(() => undefined);
    const stepUp = steppedUpToken((claims) => authentication.getAuthToken({ claims: [claims], silent: false }));
    return {
      theme: toHostTheme(context.app.theme),
      ...(deepLink ? { deepLink } : {}),
      onThemeChange: (listener) => app.registerOnThemeChangeHandler((theme) => listener(toHostTheme(theme))),
      getToken: () => stepUp.current() ?? authentication.getAuthToken(),
      stepUp: stepUp.ask,
      ...(context.user?.tenant?.id ? { tenantId: context.user.tenant.id } : {}),
      ...(context.user?.loginHint ? { loginHint: context.user.loginHint } : {}),
      authenticate: (url) => authentication.authenticate({ url, width: 600, height: 535 }),
      ...(context.page.frameContext === FrameContexts.settings ? { config: configHost(pages.config, context.page.id) } : {}),
      ...(context.team?.groupId ? { team: { groupId: context.team.groupId, name: context.team.displayName ?? "this team" } } : {}),
    };
  } catch {
    return null;
  }
}

/** A stepped-up token is kept while it lasts: single sign-on without claims may hand back the older one from its cache. */
function steppedUpToken(acquire: (claims: string) => Promise<string>) {
  let token: string | undefined;
  const marginMs = 60_000;
  return {
    current: (): Promise<string> | undefined => (token && (tokenExpiresAt(token) ?? 0) - marginMs > Date.now() ? Promise.resolve(token) : undefined),
    ask: async (claims: string): Promise<string | undefined> => {
      try {
        token = await acquire(claims);
        return token;
      } catch {
        // Cancelled, or Entra ID could not satisfy the claims: the action says nothing was done.
        return undefined;
      }
    },
  };
}

type PagesConfig = typeof import("@microsoft/teams-js").pages.config;

function configHost(config: PagesConfig, pageId: string | undefined): TabConfigHost {
  return {
    ...(pageId ? { currentEntityId: pageId } : {}),
    setValid: (valid) => config.setValidityState(valid),
    onSave: (settings) =>
      config.registerOnSaveHandler((saveEvent) => {
        const chosen = settings();
        if (!chosen) {
          saveEvent.notifyFailure("Choose what the tab shows.");
          return;
        }
        config.setConfig(chosen).then(
          () => saveEvent.notifySuccess(),
          (error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
      }),
  };
}
