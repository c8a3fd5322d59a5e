/**
 * One record as the detail page holds it: loaded by id, replaced by each change that
 * comes back from the API (the history reloads with it), and patched with its ETag. A
 * 412 reloads the record and says so, so nothing is applied over someone else's change.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/client";
import type { CrmRecord, EntityType } from "../../api/types";
import { useSession } from "../../app/session";

export const conflictNotice = "Someone else changed this record. It has been reloaded: check it and try again.";

export function useRecord(entity: EntityType, id: string) {
  const { api } = useSession();
  const [record, setRecord] = useState<CrmRecord>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setRecord(await api.get(entity, id));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [api, entity, id]);
  useEffect(() => {
    void load();
  }, [load]);

  const historyChanged = () => setHistoryVersion((version) => version + 1);
  const changed = (next: CrmRecord, message?: string) => {
    setRecord(next);
    setNotice(message);
    historyChanged();
  };

  /** Runs one change while the page is busy; its failure becomes the notice. */
  const act = async (change: () => Promise<void>) => {
    setBusy(true);
    try {
      await change();
    } catch (failure) {
      setNotice(failure instanceof ApiError && failure.isConflict ? conflictNotice : describeError(failure));
      if (failure instanceof ApiError && failure.isConflict) await load();
    } finally {
      setBusy(false);
    }
  };

  const patch = (values: Record<string, unknown>, message: string) => act(async () => record && changed(await api.update(entity, record.id, record.etag, values), message));

  return { record, error, notice, setNotice, busy, setBusy, historyVersion, historyChanged, changed, act, patch };
}
