/** Everything a screen needs about the signed-in user and the tenant's configuration. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import type { ApiClient } from "../api/client";
import type { EntityType, FormDefinition, Me, Pipeline, User } from "../api/types";
import type { HostTeam } from "./teams-host";

interface CrmSession {
  api: ApiClient;
  me: Me;
  forms: Record<EntityType, FormDefinition> | undefined;
  pipelines: Pipeline[] | undefined;
  users: User[];
  userName: (userId: string | undefined) => string;
  reloadForms: () => Promise<void>;
  reloadPipelines: () => Promise<void>;
  reloadUsers: () => Promise<void>;
  signOut?: () => void;
  /** The Teams team the tab is open in, when it is (teams-js context). */
  team?: HostTeam;
}

const SessionContext = createContext<CrmSession | null>(null);

export function useSession(): CrmSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside <SessionProvider>");
  return session;
}

export function SessionProvider(props: { api: ApiClient; me: Me; signOut?: () => void; team?: HostTeam; children: ReactNode }) {
  const { api, me, signOut, team } = props;
  const [forms, setForms] = useState<CrmSession["forms"]>();
  const [pipelines, setPipelines] = useState<Pipeline[]>();
  const [users, setUsers] = useState<User[]>([]);

  const reloadForms = useCallback(async () => {
    const { items } = await api.forms();
    setForms(Object.fromEntries(items.map((form) => [form.entity, form])) as Record<EntityType, FormDefinition>);
  }, [api]);
  const reloadPipelines = useCallback(async () => setPipelines((await api.pipelines()).items), [api]);
  const reloadUsers = useCallback(async () => setUsers((await api.users()).items), [api]);

  useEffect(() => {
    // Failures here surface where the data is used (the screens show their own errors).
    reloadForms().catch(() => undefined);
    reloadPipelines().catch(() => undefined);
    reloadUsers().catch(() => undefined);
  }, [reloadForms, reloadPipelines, reloadUsers]);

  const value = useMemo<CrmSession>(() => {
    const names = new Map(users.map((user) => [user.userId, user.displayName]));
    const userName = (userId: string | undefined) => (userId ? (names.get(userId) ?? (userId === me.user.id ? me.user.displayName : userId)) : "");
    return { api, me, forms, pipelines, users, userName, reloadForms, reloadPipelines, reloadUsers, ...(signOut ? { signOut } : {}), ...(team ? { team } : {}) };
  }, [api, me, forms, pipelines, users, reloadForms, reloadPipelines, reloadUsers, signOut, team]);

  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
