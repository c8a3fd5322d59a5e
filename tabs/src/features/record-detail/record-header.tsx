/** A record's title, who owns it and who changed it last, and what the viewer may do with it (edit, convert a lead, delete). */
import { Button, Caption1, Title3, makeStyles } from "@fluentui/react-components";
import type { CrmRecord, EntityType } from "../../api/types";
import { entityLabels } from "../../api/types";
import { ActorName } from "./actor-name";

const useStyles = makeStyles({
  header: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  caption: { margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px" },
});

export interface RecordHeaderProps {
  entity: EntityType;
  record: CrmRecord;
  title: string;
  ownerName: string;
  busy: boolean;
  /** Each action is offered only when given. */
  onEdit?: () => void;
  onConvert?: () => void;
  onDelete?: () => void;
}

export function RecordHeader(props: RecordHeaderProps) {
  const styles = useStyles();
  const { record, busy } = props;
  return (
    <div className={styles.header}>
      <div>
        <Title3 as="h1" block id="record-title">
          {props.title}
        </Title3>
        <Caption1 as="p" className={styles.caption}>
          {entityLabels[props.entity].one} · owned by {props.ownerName} · last changed{" "}
          {record.updatedBy ? (
            <>
              by <ActorName actorId={record.updatedBy} />{" "}
            </>
          ) : (
            ""
          )}
          on {new Date(record.updatedAt).toLocaleString()}
        </Caption1>
      </div>
      <div className={styles.actions}>
        {props.onEdit && (
          <Button appearance="primary" onClick={props.onEdit} disabled={busy}>
            Edit
          </Button>
        )}
        {props.onConvert && (
          <Button onClick={props.onConvert} disabled={busy}>
            Convert to opportunity
          </Button>
        )}
        {props.onDelete && (
          <Button onClick={props.onDelete} disabled={busy}>
            Delete
          </Button>
        )}
      </div>
    </div>
  );
}
