/**
 * One record: its fields per the Owner's form, actions, case status flow, notes and
 * history. The record itself (load, change, patch with its ETag) is use-record.ts; the
 * parts are record-header, status-flow, stage-picker, owner-picker, record-fields,
 * notes-panel, history-list and delete-record-dialog.
 */
import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, Spinner, makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import type { EntityType } from "../../api/types";
import { entityLabels, titleField } from "../../api/types";
import { canDo, visibleFields } from "../../app/permissions";
import { navigate, routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import { RecordDialog } from "../records/record-dialog";
import { RecordWorkflowRuns } from "../settings/workflows/record-runs";
import { DeleteRecordDialog } from "./delete-record-dialog";
import { HistoryList } from "./history-list";
import { NotesPanel } from "./notes-panel";
import { OwnerPicker } from "./owner-picker";
import { RecordFields } from "./record-fields";
import { RecordHeader } from "./record-header";
import { StagePicker } from "./stage-picker";
import { StatusFlow } from "./status-flow";
import { useRecord } from "./use-record";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1100px", margin: "0 auto" },
  columns: { display: "grid", gap: "12px", gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr)", "@media (max-width: 800px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  side: { display: "flex", flexDirection: "column", gap: "12px" },
});

export default function RecordDetail(props: { entity: EntityType; id: string; /** Open the edit form at once (a deep link's ".../edit"), for those who may update. */ edit?: boolean }) {
  const { entity, id } = props;
  const styles = useStyles();
  const { api, me, forms, pipelines, userName, users } = useSession();
  const { record, error, notice, busy, historyVersion, historyChanged, changed, act, patch } = useRecord(entity, id);
  const [editing, setEditing] = useState(props.edit === true);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const labels = entityLabels[entity];

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
  const mayConvert = entity === "lead" && mayUpdate && canDo(me, "opportunity", "create") && record.status !== "Converted";

  const convert = () => act(async () => navigate(routeHref.record("opportunity", (await api.convertLead(record.id)).opportunity.id)));
  const remove = () =>
    act(async () => {
      try {
        await api.remove(entity, record.id, record.etag);
      } catch (failure) {
        setConfirmDelete(false);
        throw failure;
      }
      navigate(routeHref.list(entity));
    });
  const assign = (ownerId: string) => act(async () => changed(await api.assign(entity, record.id, record.etag, ownerId), `Assigned to ${userName(ownerId)}.`));

  return (
    <article className={styles.page} aria-labelledby="record-title">
      <Link href={routeHref.list(entity)}>← {labels.many}</Link>
      <RecordHeader
        entity={entity}
        record={record}
        title={title}
        ownerName={userName(record.ownerId)}
        busy={busy}
        {...(mayUpdate ? { onEdit: () => setEditing(true) } : {})}
        {...(mayConvert ? { onConvert: () => void convert() } : {})}
        {...(canDo(me, entity, "delete") ? { onDelete: () => setConfirmDelete(true) } : {})}
      />
      {notice && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {entity === "case" && statusField && (
        <StatusFlow
          options={statusField.options ?? []}
          current={typeof record.status === "string" ? record.status : undefined}
          disabled={!mayUpdate || busy}
          onChange={(status) => void patch({ status }, `Status set to ${status}.`)}
        />
      )}
      {entity === "opportunity" && pipeline && (
        <StagePicker pipeline={pipeline} stageId={String(record.stageId ?? "")} disabled={!mayUpdate || busy} onChange={(stageId) => void patch({ stageId }, "Stage changed.")} />
      )}
      {canDo(me, entity, "assign") && <OwnerPicker ownerId={record.ownerId} users={users} disabled={busy} onChange={(ownerId) => void assign(ownerId)} />}
      <div className={styles.columns}>
        <RecordFields fields={fields} record={record} pipeline={pipeline} userName={userName} />
        <div className={styles.side}>
          <NotesPanel entity={entity} id={record.id} canAdd={mayUpdate} onAdded={historyChanged} />
          <HistoryList entity={entity} id={record.id} version={historyVersion} />
          <RecordWorkflowRuns entity={entity} id={record.id} version={historyVersion} />
        </div>
      </div>
      {editing && mayUpdate && (
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
      {confirmDelete && <DeleteRecordDialog entity={entity} title={title} busy={busy} onCancel={() => setConfirmDelete(false)} onDelete={() => void remove()} />}
    </article>
  );
}
