/** "Delete …?": says what goes (the record and its notes, for everyone) and what stays (the audit log's trace). */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import type { EntityType } from "../../api/types";
import { entityLabels } from "../../api/types";

export function DeleteRecordDialog(props: { entity: EntityType; title: string; busy: boolean; onCancel: () => void; onDelete: () => void }) {
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete “{props.title}”?</DialogTitle>
          <DialogContent>The {entityLabels[props.entity].one.toLowerCase()} and its notes are removed for everyone. The audit log keeps a trace.</DialogContent>
          <DialogActions>
            <Button onClick={props.onCancel}>Cancel</Button>
            <Button appearance="primary" onClick={props.onDelete} disabled={props.busy}>
              Delete
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
