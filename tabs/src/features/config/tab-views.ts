/** What a channel or group chat tab can show, and the `pages.config.setConfig` settings for it. */
import type { TabSettings } from "../../app/teams-host";

interface TabView {
  entityId: string;
  label: string;
  description: string;
  /** The route the tab opens (the same hashes as the manifest's personal tabs). */
  hash: string;
  suggestedDisplayName: string;
}

export const tabViews: readonly TabView[] = [
  { entityId: "leads", label: "Leads", description: "The lead list: everyone sees the leads their role lets them read.", hash: "#/leads", suggestedDisplayName: "Leads" },
  { entityId: "pipeline", label: "Pipeline board", description: "Opportunities by stage; move deals by drag and drop or the keyboard.", hash: "#/pipeline", suggestedDisplayName: "Pipeline" },
  { entityId: "cases", label: "Cases", description: "The case list, with priority and status.", hash: "#/cases", suggestedDisplayName: "Cases" },
  { entityId: "dashboard", label: "Dashboard", description: "Pipeline value, forecast and case charts.", hash: "#/dashboard", suggestedDisplayName: "Dashboard" },
];

/**
 * The settings for a view, on the page's own origin and path (the manifest's
 * `index.html`), keeping its query string, so the tab opens where this page was served.
 */
export function tabSettings(view: TabView, location: { origin: string; pathname: string; search: string }): TabSettings {
  const url = `${location.origin}${location.pathname}${location.search}${view.hash}`;
  return { entityId: view.entityId, contentUrl: url, websiteUrl: url, suggestedDisplayName: view.suggestedDisplayName };
}
