/** On a record's detail: the workflow runs that touched it (whoever may read the record sees them). Nothing when none. */
import { Card, MessageBar, MessageBarBody, Subtitle2 } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { describeError } from "../../../api/client";
import type { EntityType } from "../../../api/types";
import { useSession } from "../../../app/session";
import { RunList } from "./run-list";
import type { RunRecord } from "./workflow-api";
import { workflowApi } from "./workflow-api";

export function RecordWorkflowRuns(props: { entity: EntityType; id: string; version?: number }) {
  const { api } = useSession();
  const calls = useMemo(() => workflowApi(api), [api]);
  const [runs, setRuns] = useState<RunRecord[]>();
  const [token, setToken] = useState<string>();
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let cancelled = false;
    calls
      .recordRuns(props.entity, props.id, 5)
      .then((page) => {
        if (cancelled) return;
        setRuns(page.items);
        setToken(page.continuationToken);
        setError(undefined);
      })
      .catch((failure: unknown) => !cancelled && setError(describeError(failure)));
    return () => {
      cancelled = true;
    };
  }, [calls, props.entity, props.id, props.version]);

  if (!error && (!runs || runs.length === 0)) return null;
  const more = async () => {
    if (!token) return;
    setLoadingMore(true);
    try {
      const page = await calls.recordRuns(props.entity, props.id, 10, token);
      setRuns((current) => [...(current ?? []), ...page.items]);
      setToken(page.continuationToken);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <Card role="region" aria-labelledby={`workflow-runs-${props.id}`}>
      <Subtitle2 as="h2" id={`workflow-runs-${props.id}`}>
        Workflow runs
      </Subtitle2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>The workflow runs could not be loaded: {error}</MessageBarBody>
        </MessageBar>
      )}
      {runs && runs.length > 0 && <RunList runs={runs} showWorkflow continuation={token ? () => void more() : undefined} loadingMore={loadingMore} />}
    </Card>
  );
}
