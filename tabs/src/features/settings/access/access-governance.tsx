/** Settings → Access governance (approve access): approval policies per role, conflict rules, and who holds conflicting powers today. */
import { MessageBar, MessageBarBody, Spinner, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { describeError } from "../../../api/client";
import type { Role } from "../../../api/types";
import { useSession } from "../../../app/session";
import type { ApprovalPolicy, ConflictRule, HeldConflict } from "../../approvals/access-api";
import { accessApi } from "../../approvals/access-api";
import { ConflictRules } from "./conflict-rules";
import { ConflictsReport } from "./conflicts-report";
import { PolicyEditor } from "./policy-editor";

const useStyles = makeStyles({ page: { display: "flex", flexDirection: "column", gap: "16px" } });

interface Loaded {
  roles: Role[];
  policies: ApprovalPolicy[];
  rules: ConflictRule[];
  conflicts: HeldConflict[];
}

export default function AccessGovernance() {
  const styles = useStyles();
  const { api } = useSession();
  const access = useMemo(() => accessApi(api), [api]);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      const [roles, policies, rules, conflicts] = await Promise.all([api.roles(), access.policies(), access.rules(), access.conflicts()]);
      setLoaded({ roles: roles.items, policies: policies.items, rules: rules.items, conflicts: conflicts.items });
      setError(undefined);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [api, access]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (error && !loaded)
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!loaded) return <Spinner label="Loading access governance…" />;
  return (
    <div className={styles.page}>
      <PolicyEditor access={access} roles={loaded.roles} policies={loaded.policies} onChanged={reload} />
      <ConflictRules access={access} roles={loaded.roles} rules={loaded.rules} onChanged={reload} />
      <ConflictsReport conflicts={loaded.conflicts} />
    </div>
  );
}
