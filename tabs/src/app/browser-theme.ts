import type { HostTheme } from "./teams-host";

/** Outside Teams, follow the system: forced colors → high contrast, else light/dark. */
export function browserTheme(): HostTheme {
  if (typeof window.matchMedia !== "function") return "light";
  if (window.matchMedia("(forced-colors: active)").matches) return "contrast";
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function onBrowserThemeChange(listener: (theme: HostTheme) => void): () => void {
  if (typeof window.matchMedia !== "function") return () => undefined;
  const queries = ["(forced-colors: active)", "(prefers-color-scheme: dark)"].map((query) => window.matchMedia(query));
  const changed = () => listener(browserTheme());
  queries.forEach((query) => query.addEventListener("change", changed));
  return () => queries.forEach((query) => query.removeEventListener("change", changed));
}
