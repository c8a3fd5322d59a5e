/**
 * Settings → Workflows (the `workflows` config permission; its own lazy chunk):
 * the list, the editor with dry run and run history, failed runs, the case workflow.
 */
import { Spinner, Tab, TabList, makeStyles } from "@fluentui/react-components";
import { Suspense, lazy, useEffect, useMemo, useState } from "react";
import type { Role } from "../../../api/types";
import { canConfigure } from "../../../app/permissions";
import { useSession } from "../../../app/session";
import { WorkflowList } from "./workflow-list";
import { workflowApi } from "./workflow-api";

const WorkflowDetail = lazy(() => import("./workflow-detail"));
const DeadLetters = lazy(() => import("./dead-letters"));
const CaseWorkflowEditor = lazy(() => import("./case-workflow-editor"));

const useStyles = makeStyles({ page: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 }, tabs: { overflowX: "auto" } });

type Part = "workflows" | "failed" | "case";
export type Opened = { id: string; notice?: string } | undefined;

export default function WorkflowsSettings() {
  const styles = useStyles();
  const { api, me } = useSession();
  const [part, setPart] = useState<Part>("workflows");
  const [opened, setOpened] = useState<Opened>();
  const [roles, setRoles] = useState<Pick<Role, "id" | "name">[]>([]);
  const calls = useMemo(() => workflowApi(api), [api]);

  useEffect(() => {
    api
      .roles()
      .then((page) => setRoles(page.items))
      .catch(() =>
        setRoles([
          { id: "owner", name: "Owner" },
          { id: "member", name: "Member" },
        ]),
      );
  }, [api]);

  if (!canConfigure(me, "workflows")) return null;

  return (
    <div className={styles.page}>
      <TabList className={styles.tabs} size="small" selectedValue={part} onTabSelect={(_, data) => setPart(data.value as Part)} aria-label="Workflow settings">
        <Tab value="workflows">All workflows</Tab>
        <Tab value="failed">Failed runs</Tab>
        <Tab value="case">Case workflow</Tab>
      </TabList>
      <Suspense fallback={<Spinner label="Loading…" />}>
        {part === "workflows" &&
          (opened ? (
            <WorkflowDetail
              key={opened.id}
              id={opened.id}
              {...(opened.notice ? { notice: opened.notice } : {})}
              calls={calls}
              roles={roles}
              onClose={() => setOpened(undefined)}
              onOpen={(id, notice) => setOpened({ id, ...(notice ? { notice } : {}) })}
            />
          ) : (
            <WorkflowList calls={calls} onOpen={(id, notice) => setOpened({ id, ...(notice ? { notice } : {}) })} />
          ))}
        {part === "failed" && <DeadLetters calls={calls} />}
        {part === "case" && <CaseWorkflowEditor calls={calls} roles={roles} />}
      </Suspense>
    </div>
  );
}
