/** The tab's frame: a Teams-like header with navigation, and the current view below it. */
import { Avatar, Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Spinner, Tab, TabList, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Suspense, lazy, useEffect, useRef } from "react";
import type { EntityType } from "../api/types";
import { canConfigureAnything, canDo } from "./permissions";
import { revealInStrip } from "./reveal";
import type { Route } from "./route";
import { navigate, routeHref, useRoute } from "./route";
import { useSession } from "./session";

const listViews = {
  lead: () => import("../features/leads/leads-view"),
  opportunity: () => import("../features/opportunities/opportunities-view"),
  case: () => import("../features/cases/cases-view"),
} satisfies Record<EntityType, unknown>;
const LeadsView = lazy(listViews.lead);
const OpportunitiesView = lazy(listViews.opportunity);
const CasesView = lazy(listViews.case);

/** Starts loading a list screen's code before the shell renders it (the tab's cold open). */
export function preloadListView(entity: EntityType): void {
  listViews[entity]().catch(() => undefined);
}
const BoardView = lazy(() => import("../features/opportunities/board/board-view"));
const RecordDetail = lazy(() => import("../features/record-detail/record-detail"));
const DashboardView = lazy(() => import("../features/dashboard/dashboard-view"));
const SettingsView = lazy(() => import("../features/settings/settings-view"));
const TasksView = lazy(() => import("../features/tasks/tasks-view"));
const ApprovalsView = lazy(() => import("../features/approvals/approvals-view"));
const DataQualityView = lazy(() => import("../features/data-quality/data-quality-view"));
const ReviewsView = lazy(() => import("../features/reviews/reviews-view"));
const RaciView = lazy(() => import("../features/raci/raci-view"));

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", height: "100%", backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground1 },
  header: {
    display: "flex",
    alignItems: "center",
    gap: "8px",
    padding: "0 12px",
    minHeight: "48px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, whiteSpace: "nowrap", "@media (max-width: 480px)": { display: "none" } },
  logo: {
    width: "28px",
    height: "28px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    display: "grid",
    placeItems: "center",
    fontWeight: tokens.fontWeightBold,
    flexShrink: 0,
  },
  nav: { flexGrow: 1, minWidth: 0, overflowX: "auto", scrollbarWidth: "none" },
  main: { flexGrow: 1, overflow: "auto", padding: "16px", "@media (max-width: 480px)": { padding: "8px" } },
});

type NavKey = "lead" | "opportunity" | "board" | "case" | "dashboard" | "dataQuality" | "tasks" | "approvals" | "reviews" | "raci" | "settings";

function navKeyOf(route: Route): NavKey {
  if (route.view === "list" || route.view === "record") return route.entity;
  return route.view;
}

const navHref: Record<NavKey, string> = {
  lead: routeHref.list("lead"),
  opportunity: routeHref.list("opportunity"),
  board: routeHref.board(),
  case: routeHref.list("case"),
  dashboard: routeHref.dashboard(),
  dataQuality: routeHref.dataQuality(),
  tasks: routeHref.tasks(),
  approvals: routeHref.approvals(),
  reviews: routeHref.reviews(),
  raci: routeHref.raci(),
  settings: routeHref.settings("forms"),
};

export function Shell() {
  const styles = useStyles();
  const session = useSession();
  const { me } = session;
  const route = useRoute();
  const readable = (entity: EntityType) => canDo(me, entity, "read");
  const items: { key: NavKey; label: string; shown: boolean }[] = [
    { key: "lead", label: "Leads", shown: readable("lead") },
    { key: "opportunity", label: "Opportunities", shown: readable("opportunity") },
    { key: "board", label: "Board", shown: readable("opportunity") },
    { key: "case", label: "Cases", shown: readable("case") },
    { key: "dashboard", label: "Dashboard", shown: true },
    { key: "tasks", label: "My tasks", shown: true },
    { key: "approvals", label: "Approvals", shown: true },
    { key: "dataQuality", label: "Data quality", shown: true },
    // Reviewers are named by role: whoever holds only the Member role is never asked, so needs no entry.
    { key: "reviews", label: "Access reviews", shown: me.roles.some((role) => role.id !== "member") },
    // Everyone reads the chart: a Member sees whom to ask.
    { key: "raci", label: "Responsibilities", shown: true },
    { key: "settings", label: "Settings", shown: canConfigureAnything(me) },
  ];

  useEffect(() => {
    performance.mark("crm:shell");
  }, []);

  // At narrow widths the navigation scrolls sideways: bring the selected item into view
  // on every navigation, and whichever item the keyboard focuses.
  const navRef = useRef<HTMLElement>(null);
  const selectedKey = navKeyOf(route);
  useEffect(() => {
    const nav = navRef.current;
    // By key: Fluent updates each Tab's aria-selected in a render of its own, after this effect.
    if (nav) revealInStrip(nav, nav.querySelector(`[data-nav="${selectedKey}"]`));
  }, [selectedKey]);

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <span className={styles.logo} aria-hidden="true">
          C
        </span>
        <Text className={styles.brand}>CRM</Text>
        <nav className={styles.nav} aria-label="CRM sections" ref={navRef} onFocus={(event) => revealInStrip(event.currentTarget, (event.target as Element).closest('[role="tab"]'))}>
          <TabList selectedValue={selectedKey} onTabSelect={(_, data) => navigate(navHref[data.value as NavKey])} size="medium">
            {items
              .filter((item) => item.shown)
              .map((item) => (
                <Tab key={item.key} value={item.key} data-nav={item.key}>
                  {item.label}
                </Tab>
              ))}
          </TabList>
        </nav>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="transparent" aria-label={`Signed in as ${me.user.displayName}`} icon={<Avatar name={me.user.displayName} size={28} />} />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem disabled>
                {me.user.displayName} · {me.roles.map((role) => role.name).join(", ")} · {me.tenant.id}
              </MenuItem>
              <MenuItem onClick={() => navigate(routeHref.approvals("ask"))}>Ask for a role</MenuItem>
              {session.signOut && <MenuItem onClick={session.signOut}>Sign out</MenuItem>}
            </MenuList>
          </MenuPopover>
        </Menu>
      </header>
      <main className={styles.main} id="main">
        <Suspense fallback={<Spinner label="Loading…" />}>
          <RouteView route={route} />
        </Suspense>
      </main>
    </div>
  );
}

function RouteView({ route }: { route: Route }) {
  const { me } = useSession();
  switch (route.view) {
    case "list":
      if (route.entity === "lead") return <LeadsView />;
      return route.entity === "opportunity" ? <OpportunitiesView /> : <CasesView />;
    case "record":
      return <RecordDetail key={`${route.entity}/${route.id}`} entity={route.entity} id={route.id} {...(route.edit ? { edit: true } : {})} />;
    case "board":
      return <BoardView />;
    case "dashboard":
      return <DashboardView />;
    case "dataQuality":
      return <DataQualityView />;
    case "tasks":
      return <TasksView />;
    case "approvals":
      return <ApprovalsView ask={route.ask ?? false} />;
    case "reviews":
      return <ReviewsView {...(route.id ? { reviewId: route.id } : {})} />;
    case "raci":
      return <RaciView />;
    case "settings":
      return canConfigureAnything(me) ? <SettingsView section={route.section} /> : <Text>You have no configuration permissions.</Text>;
  }
}
