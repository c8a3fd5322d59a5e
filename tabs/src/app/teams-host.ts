/**
 * The thin adapter to Microsoft Teams. Outside Teams (a plain browser at the top level)
 * teams-js is never loaded; inside an iframe it is loaded on demand and its initialize
 * is raced against a timeout, because in a non-Teams iframe it never settles.
 */
export type HostTheme = "light" | "dark" | "contrast";

export interface TeamsHost {
  theme: HostTheme;
  /** A route from a deep link (subPageId / subEntityId), e.g. "leads/<id>". */
  deepLink?: string;
  onThemeChange(listener: (theme: HostTheme) => void): void;
  getToken(): Promise<string>;
}

const initializeTimeoutMs = 3000;

export function isTopLevelBrowser(win: Window = window): boolean {
  const mobileBridge = (win as unknown as { nativeInterface?: unknown }).nativeInterface;
  return win.parent === win && !mobileBridge;
}

export function toHostTheme(teamsTheme: string | undefined): HostTheme {
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
    const { app, authentication } = await import("@microsoft/teams-js");
    await Promise.race([app.initialize(), timeout(initializeTimeoutMs)]);
    const context = await app.getContext();
    const deepLink = context.page.subPageId || undefined;
    app.notifySuccess();
    return {
      theme: toHostTheme(context.app.theme),
      ...(deepLink ? { deepLink } : {}),
      onThemeChange: (listener) => app.registerOnThemeChangeHandler((theme) => listener(toHostTheme(theme))),
      getToken: () => authentication.getAuthToken(),
    };
  } catch {
    return null;
  }
}
