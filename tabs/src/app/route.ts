/** Hash routes, so deep links like `#/leads/<id>` work behind any static host. */
import { useEffect, useState } from "react";
import type { EntityType } from "../api/types";

export type Route =
  | { view: "list"; entity: EntityType }
  | { view: "record"; entity: EntityType; id: string; edit?: true }
  | { view: "board" }
  | { view: "dashboard" }
  | { view: "dataQuality" }
  | { view: "tasks" }
  | { view: "approvals"; ask?: true }
  | { view: "reviews"; id?: string }
  | { view: "raci" }
  | { view: "settings"; section: SettingsSection };

export const settingsSections = ["forms", "pipelines", "users", "workflows", "audit", "access"] as const;
export type SettingsSection = (typeof settingsSections)[number];

const entityBySegment: Record<string, EntityType> = { leads: "lead", opportunities: "opportunity", cases: "case" };

export function parseRoute(hash: string): Route {
  const [first = "", second, third] = hash
    .replace(/^#?\/?/, "")
    .split("/")
    .filter((part, index) => index < 2 || part);
  const entity = entityBySegment[first];
  // #/leads/<id>/edit opens the record's edit form (the bot's "Fix" on a data-quality finding).
  if (entity) return second ? { view: "record", entity, id: decodeURIComponent(second), ...(third === "edit" ? { edit: true as const } : {}) } : { view: "list", entity };
  // The Teams manifest's "Pipeline" tab opens #/pipeline.
  if (first === "board" || first === "pipeline") return { view: "board" };
  if (first === "dashboard") return { view: "dashboard" };
  if (first === "data-quality") return { view: "dataQuality" };
  if (first === "tasks") return { view: "tasks" };
  // #/approvals/ask opens the "Ask for a role" dialog (from the account menu).
  if (first === "approvals") return second === "ask" ? { view: "approvals", ask: true } : { view: "approvals" };
  if (first === "responsibilities") return { view: "raci" };
  if (first === "reviews") return second ? { view: "reviews", id: decodeURIComponent(second) } : { view: "reviews" };
  if (first === "settings") {
    const section = (settingsSections as readonly string[]).includes(second ?? "") ? (second as SettingsSection) : "forms";
    return { view: "settings", section };
  }
  return { view: "list", entity: "lead" };
}

export const routeHref = {
  list: (entity: EntityType) => `#/${entityPath(entity)}`,
  record: (entity: EntityType, id: string) => `#/${entityPath(entity)}/${encodeURIComponent(id)}`,
  board: () => "#/board",
  dashboard: () => "#/dashboard",
  dataQuality: () => "#/data-quality",
  tasks: () => "#/tasks",
  approvals: (ask?: "ask") => (ask ? "#/approvals/ask" : "#/approvals"),
  reviews: () => "#/reviews",
  raci: () => "#/responsibilities",
  review: (id: string) => `#/reviews/${encodeURIComponent(id)}`,
  settings: (section: SettingsSection) => `#/settings/${section}`,
};

function entityPath(entity: EntityType): string {
  return entity === "lead" ? "leads" : entity === "opportunity" ? "opportunities" : "cases";
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, "");
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return route;
}
