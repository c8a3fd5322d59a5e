/**
 * Who did something, for a person: a user's name, or for a workflow's change
 * (`workflow.<id>`, the workflow engine's actor) the workflow's name when the viewer may
 * read workflows (the `workflows` config permission from /api/me), else "a workflow".
 * Nobody without that permission causes a request.
 */
import { useEffect, useState } from "react";
import type { ApiClient } from "../../api/client";
import { canConfigure } from "../../app/permissions";
import { useSession } from "../../app/session";
import { workflowApi } from "../settings/workflows/workflow-api";

/** The workflow id in a `workflow.<id>` actor, when it is one the API could look up. */
function workflowIdOf(actorId: string | undefined): string | undefined {
  return actorId?.match(/^workflow\.([0-9a-z]{19})$/)?.[1];
}

const isWorkflowActor = (actorId: string | undefined): boolean => !!actorId?.startsWith("workflow.");

/** One lookup per workflow per session (a history can name the same workflow many times). */
const lookups = new WeakMap<ApiClient, Map<string, Promise<string | undefined>>>();

function workflowName(api: ApiClient, id: string): Promise<string | undefined> {
  let byId = lookups.get(api);
  if (!byId) lookups.set(api, (byId = new Map<string, Promise<string | undefined>>()));
  let lookup = byId.get(id);
  if (!lookup) {
    lookup = workflowApi(api)
      .get(id)
      .then(
        (workflow) => workflow.name || undefined,
        () => undefined,
      );
    byId.set(id, lookup);
  }
  return lookup;
}

/** "Olivia Owner", `workflow "Welcome new leads"`, or "a workflow". */
function useActorName(actorId: string | undefined): string {
  const { api, me, userName } = useSession();
  const id = isWorkflowActor(actorId) && canConfigure(me, "workflows") ? workflowIdOf(actorId) : undefined;
  const [name, setName] = useState<{ id: string; name: string | undefined }>();

  useEffect(() => {
    if (!id) return;
    let current = true;
    void workflowName(api, id).then((found) => {
      if (current) setName({ id, name: found });
    });
    return () => {
      current = false;
    };
  }, [api, id]);

  if (!isWorkflowActor(actorId)) return userName(actorId);
  const found = id && name?.id === id ? name.name : undefined;
  return found ? `workflow “${found}”` : "a workflow";
}

export function ActorName(props: { actorId: string | undefined }) {
  return <>{useActorName(props.actorId)}</>;
}
