/** Users of the tenant and their roles, custom roles, and "why can/can't they do this". */
import { Subtitle2, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../../../api/client";
import type { Role, RoleTemplate } from "../../../api/types";
import { useSession } from "../../../app/session";
import { ExplainPanel } from "./explain-panel";
import { RolesPanel } from "./roles-panel";
import { RosterPanel } from "./roster-panel";
import { UsersPanel } from "./users-panel";

const useStyles = makeStyles({ page: { display: "flex", flexDirection: "column", gap: "16px" } });

export default function UsersRoles() {
  const styles = useStyles();
  const { api } = useSession();
  const [roles, setRoles] = useState<Role[]>();
  const [templates, setTemplates] = useState<RoleTemplate[]>([]);
  const [error, setError] = useState<string>();
  const reloadRoles = useCallback(async () => {
    try {
      const [roleList, templateList] = await Promise.all([api.roles(), api.roleTemplates()]);
      setRoles(roleList.items);
      setTemplates(templateList.items);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [api]);
  useEffect(() => {
    void reloadRoles();
  }, [reloadRoles]);

  return (
    <div className={styles.page}>
      {error && <Subtitle2 role="alert">{error}</Subtitle2>}
      <UsersPanel roles={roles ?? []} />
      <RosterPanel />
      <RolesPanel roles={roles} templates={templates} onChanged={reloadRoles} />
      <ExplainPanel />
    </div>
  );
}
