/** Owner configuration: only the sections the user's permissions allow, each loaded on demand. */
import { Spinner, Tab, TabList, Title3, makeStyles } from "@fluentui/react-components";
import { Suspense, lazy } from "react";
import type { ConfigPermission } from "../../api/types";
import { canConfigure } from "../../app/permissions";
import type { SettingsSection } from "../../app/route";
import { navigate, routeHref } from "../../app/route";
import { useSession } from "../../app/session";

const FormsEditor = lazy(() => import("./forms/forms-editor"));
const PipelinesEditor = lazy(() => import("./pipelines/pipelines-editor"));
const UsersRoles = lazy(() => import("./users-roles/users-roles"));
const AuditLog = lazy(() => import("./audit/audit-log"));
const WorkflowsSettings = lazy(() => import("./workflows/workflows-settings"));
const AccessGovernance = lazy(() => import("./access/access-governance"));

const sections: { key: SettingsSection; label: string; permission: ConfigPermission }[] = [
  { key: "forms", label: "Forms", permission: "forms" },
  { key: "pipelines", label: "Pipelines", permission: "pipelines" },
  { key: "users", label: "Users & roles", permission: "usersAndRoles" },
  { key: "workflows", label: "Workflows", permission: "workflows" },
  { key: "audit", label: "Audit log", permission: "audit" },
  { key: "access", label: "Access governance", permission: "approveAccess" },
];

const useStyles = makeStyles({ page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" }, tabs: { overflowX: "auto" } });

export default function SettingsView(props: { section: SettingsSection }) {
  const styles = useStyles();
  const { me } = useSession();
  const allowed = sections.filter((section) => canConfigure(me, section.permission));
  const current = allowed.find((section) => section.key === props.section) ?? allowed[0];
  if (!current) return null;
  return (
    <section className={styles.page} aria-labelledby="settings-title">
      <Title3 as="h1" block id="settings-title">
        Settings
      </Title3>
      <TabList className={styles.tabs} selectedValue={current.key} onTabSelect={(_, data) => navigate(routeHref.settings(data.value as SettingsSection))} aria-label="Settings sections">
        {allowed.map((section) => (
          <Tab key={section.key} value={section.key}>
            {section.label}
          </Tab>
        ))}
      </TabList>
      <Suspense fallback={<Spinner label="Loading…" />}>
        {current.key === "forms" && <FormsEditor />}
        {current.key === "pipelines" && <PipelinesEditor />}
        {current.key === "users" && <UsersRoles />}
        {current.key === "audit" && <AuditLog />}
        {current.key === "workflows" && <WorkflowsSettings />}
        {current.key === "access" && <AccessGovernance />}
      </Suspense>
    </section>
  );
}
