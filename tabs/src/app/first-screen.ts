/**
 * The tab's cold open, side by side instead of one after another: the session's
 * configuration (forms, pipelines, people) and the first screen's code start with
 * `/api/me`; the first list page starts the moment `/api/me` answers, while the
 * shell renders. Each screen then asks as usual and gets these answers
 * (`ApiClient.prefetch`).
 */
import type { ApiClient } from "../api/client";
import type { Me } from "../api/types";
import { firstListQuery, listPageSize } from "../features/records/first-list";
import { parseRoute } from "./route";
import { preloadListView } from "./shell";

/** With the sign-in, before `/api/me` answers. */
export function startSession(api: ApiClient): void {
  api.prefetch("/api/config/forms");
  api.prefetch("/api/config/pipelines");
  api.prefetch("/api/users");
  const route = parseRoute(window.location.hash);
  if (route.view === "list") preloadListView(route.entity);
}

/** Once `/api/me` answered: the first list page, which depends on what the user may see. */
export function startFirstScreen(api: ApiClient, me: Me): void {
  const route = parseRoute(window.location.hash);
  if (route.view === "list") api.prefetchList(route.entity, { ...firstListQuery(me, route.entity), pageSize: listPageSize });
}
