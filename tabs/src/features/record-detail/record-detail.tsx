/** One record: its fields per the Owner's form, actions, case status flow, notes and history. */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../api/client";
import type { CrmRecord, EntityType } from "../../api/types";
import { entityLabels, titleField } from "../../api/types";
import { canDo, visibleFields } from "../../app/permissions";
import { navigate, routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import { formatValue } from "../records/form-values";
import { RecordDialog } from "../records/record-dialog";
import { RecordWorkflowRuns } from "../settings/workflows/record-runs";
import { ActorName } from "./actor-name";
import { HistoryList } from "./history-list";
import { NotesPanel } from "./notes-panel";
import { StatusFlow } from "./status-flow";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1100px", margin: "0 auto" },
  header: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px" },
  columns: { display: "grid", gap: "12px", gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr)", "@media (max-width: 800px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  fields: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 200px), 1fr))", gap: "12px 16px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, overflowWrap: "anywhere" },
  side: { display: "flex", flexDirection: "column", gap: "12px" },
});

export default function RecordDetail(props: { entity: EntityType; id: string }) {
  const { entity, id } = props;
  const styles = useStyles();
  const { api, me, forms, pipelines, userName, users } = useSession();
  const [record, setRecord] = useState<CrmRecord>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const labels = entityLabels[entity];

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

  const changed = (next: CrmRecord, message?: string) => {
    setRecord(next);
    setNotice(message);
    setHistoryVersion((version) => version + 1);
  };

  const patch = async (values: Record<string, unknown>, message: string) => {
    if (!record) return;
    setBusy(true);
    try {
      changed(await api.update(entity, record.id, record.etag, values), message);
    } catch (failure) {
      setNotice(failure instanceof ApiError && failure.isConflict ? "Someone else changed this record. It has been reloaded: check it and try again." : describeError(failure));
      if (failure instanceof ApiError && failure.isConflict) await load();
    } finally {
      setBusy(false);
    }
  };

  if (error) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{error}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => navigate(routeHref.list(entity))}>Back to {labels.many.toLowerCase()}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (!record || !forms) return <Spinner label={`Loading ${labels.one.toLowerCase()}…`} />;

  const fields = visibleFields(me, entity, forms[entity].fields);
  const title = String(record[titleField[entity]] ?? "(untitled)");
  const statusField = fields.find((field) => field.key === "status" && field.type === "choice");
  const pipeline = entity === "opportunity" ? (pipelines?.find((candidate) => candidate.id === record.pipelineId) ?? pipelines?.find((candidate) => candidate.isDefault)) : undefined;
  const mayUpdate = canDo(me, entity, "update");

  const convert = async () => {
    setBusy(true);
    try {
      const result = await api.convertLead(record.id);
      navigate(routeHref.record("opportunity", result.opportunity.id));
    } catch (failure) {
      setNotice(describeError(failure));
      setBusy(false);
    }
  };

  const assign = async (ownerId: string) => {
    setBusy(true);
    try {
      changed(await api.assign(entity, record.id, record.etag, ownerId), `Assigned to ${userName(ownerId)}.`);
    } catch (failure) {
      setNotice(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api.remove(entity, record.id, record.etag);
      navigate(routeHref.list(entity));
    } catch (failure) {
      setConfirmDelete(false);
      setNotice(describeError(failure));
      setBusy(false);
    }
  };

  return (
    <article className={styles.page} aria-labelledby="record-title">
      <Link href={routeHref.list(entity)}>← {labels.many}</Link>
      <div className={styles.header}>
        <div>
          <Title3 as="h1" block id="record-title">
            {title}
          </Title3>
          <Caption1 as="p" style={{ margin: 0 }}>
            {labels.one} · owned by {userName(record.ownerId)} · last changed {record.updatedBy ? <>by <ActorName actorId={record.updatedBy} /> </> : ""}on {new Date(record.updatedAt).toLocaleString()}
          </Caption1>
        </div>
        <div className={styles.actions}>
          {mayUpdate && (
            <Button appearance="primary" onClick={() => setEditing(true)} disabled={busy}>
              Edit
            </Button>
          )}
          {entity === "lead" && mayUpdate && canDo(me, "opportunity", "create") && record.status !== "Converted" && (
            <Button onClick={() => void convert()} disabled={busy}>
              Convert to opportunity
            </Button>
          )}
          {canDo(me, entity, "delete") && (
            <Button onClick={() => setConfirmDelete(true)} disabled={busy}>
              Delete
            </Button>
          )}
        </div>
      </div>
      {notice && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {entity === "case" && statusField && (
        <StatusFlow options={statusField.options ?? []} current={typeof record.status === "string" ? record.status : undefined} disabled={!mayUpdate || busy} onChange={(status) => void patch({ status }, `Status set to ${status}.`)} />
      )}
      {entity === "opportunity" && pipeline && (
        <Field label="Stage" style={{ maxWidth: 320 }}>
          <Select value={String(record.stageId ?? "")} disabled={!mayUpdate || busy} onChange={(_, data) => void patch({ stageId: data.value }, "Stage changed.")}>
            {pipeline.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name} ({stage.probability}%)
              </option>
            ))}
          </Select>
        </Field>
      )}
      {canDo(me, entity, "assign") && (
        <Field label="Owner" style={{ maxWidth: 320 }}>
          <Select
            value={record.ownerId}
            disabled={busy}
            onChange={(_, data) => void assign(data.value)}
          >
            {!users.some((user) => user.userId === record.ownerId) && <option value={record.ownerId}>{record.ownerId}</option>}
            {users.map((user) => (
              <option key={user.userId} value={user.userId}>
                {user.displayName}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className={styles.columns}>
        <Card>
          <Subtitle2 as="h2">Details</Subtitle2>
          <dl className={styles.fields}>
            {fields.map((field) => (
              <div key={field.key}>
                <dt className={styles.term}>{field.label}</dt>
                <dd className={styles.value}>
                  <Body1>{fieldDisplay(field, record, pipeline, userName)}</Body1>
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className={styles.side}>
          <NotesPanel entity={entity} id={record.id} canAdd={mayUpdate} onAdded={() => setHistoryVersion((version) => version + 1)} />
          <HistoryList entity={entity} id={record.id} version={historyVersion} />
          <RecordWorkflowRuns entity={entity} id={record.id} version={historyVersion} />
        </div>
      </div>
      {editing && (
        <RecordDialog
          entity={entity}
          record={record}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            changed(saved, "Saved.");
          }}
        />
      )}
      {confirmDelete && (
        <Dialog open onOpenChange={(_, data) => !data.open && setConfirmDelete(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Delete “{title}”?</DialogTitle>
              <DialogContent>The {labels.one.toLowerCase()} and its notes are removed for everyone. The audit log keeps a trace.</DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
                <Button appearance="primary" onClick={() => void remove()} disabled={busy}>
                  Delete
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </article>
  );
}

function fieldDisplay(field: Parameters<typeof formatValue>[0] & { key: string }, record: CrmRecord, pipeline: { stages: { id: string; name: string }[]; name: string } | undefined, userName: (id: string) => string) {
  if (field.key === "stageId" && pipeline) return pipeline.stages.find((stage) => stage.id === record.stageId)?.name ?? String(record.stageId ?? "—");
  if (field.key === "pipelineId" && pipeline) return pipeline.name;
  const text = formatValue(field, record[field.key], userName);
  if (!text) return <span style={{ color: tokens.colorNeutralForeground4 }}>—</span>;
  if (field.type === "boolean") return <Badge appearance="tint">{text}</Badge>;
  return text;
}
