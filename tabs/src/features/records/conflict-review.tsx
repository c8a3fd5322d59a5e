/** "Edited by someone else": what they changed next to what you typed, before you choose. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import type { CrmRecord, FieldDefinition, FieldValue } from "../../api/types";
import { formatValue } from "./form-values";

interface ConflictReviewProps {
  fields: readonly FieldDefinition[];
  latest: CrmRecord;
  mine: Record<string, FieldValue>;
  /** The name of whoever saved `latest` (from its `updatedBy`), when known. */
  savedBy?: string;
  onReload: () => void;
  onOverwrite: () => void;
  busy?: boolean;
}

export function ConflictReview(props: ConflictReviewProps) {
  const changedKeys = Object.keys(props.mine);
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.savedBy ? `${props.savedBy} changed this record` : "Someone else changed this record"}</MessageBarTitle>A newer version was saved
        {props.savedBy ? ` by ${props.savedBy}` : ""}
        {savedAt(props.latest.updatedAt)} while you were editing. Review it, then keep theirs or save yours over it.
        <Table size="small" aria-label="Your changes compared with the saved version" style={{ marginTop: 8 }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Field</TableHeaderCell>
              <TableHeaderCell>{props.savedBy ? `Saved by ${props.savedBy}` : "Saved now"}</TableHeaderCell>
              <TableHeaderCell>Yours</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {changedKeys.map((key) => {
              const field = props.fields.find((candidate) => candidate.key === key) ?? { key, label: key, type: "text" as const };
              return (
                <TableRow key={key}>
                  <TableCell>{field.label}</TableCell>
                  <TableCell>{formatValue(field, props.latest[key]) || "—"}</TableCell>
                  <TableCell>{formatValue(field, props.mine[key]) || "—"}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={props.onReload} disabled={props.busy}>
          Reload theirs
        </Button>
        <Button appearance="primary" onClick={props.onOverwrite} disabled={props.busy}>
          Overwrite with mine
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function savedAt(iso: string | undefined): string {
  const date = iso ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime()) ? ` at ${date.toLocaleString()}` : "";
}
