/** "Changed by someone else" for the form editor: their version next to yours, then keep theirs or save yours over it. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import type { Difference } from "./form-conflict";

export interface FormConflictReviewProps {
  /** The form changed meanwhile; else only roles did (and the form itself is saved). */
  formChanged: boolean;
  /** Who saved the newer form and when, when the form is what changed. */
  savedBy?: string;
  savedAt?: string;
  /** The role someone else saved, when a role is what changed. */
  roleName?: string;
  differences: readonly Difference[];
  onReload: () => void;
  onOverwrite: () => void;
  busy?: boolean;
}

export function FormConflictReview(props: FormConflictReviewProps) {
  const who = props.savedBy ?? "Someone else";
  const role = props.roleName ? `the “${props.roleName}” role` : "a role";
  const when = props.savedAt && !Number.isNaN(Date.parse(props.savedAt)) ? ` at ${new Date(props.savedAt).toLocaleString()}` : "";
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.formChanged ? `${who} changed this form` : `Someone else changed ${role}`}</MessageBarTitle>
        {props.formChanged
          ? `A newer version was saved${props.savedBy ? ` by ${props.savedBy}` : ""}${when} while you were editing, so yours is not saved yet.`
          : `Your form is saved, but someone else saved ${role} while you were editing, so your visibility choices for it are not saved yet.`}{" "}
        Your changes are still here: reload theirs, or save yours over it.
        {props.differences.length > 0 && (
          <Table size="small" aria-label="Your changes compared with the saved version" style={{ marginTop: 8 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Field</TableHeaderCell>
                <TableHeaderCell>{props.savedBy ? `Saved by ${props.savedBy}` : "Saved now"}</TableHeaderCell>
                <TableHeaderCell>Yours</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {props.differences.map((difference, index) => (
                <TableRow key={`${index}-${difference.what}`}>
                  <TableCell>{difference.what}</TableCell>
                  <TableCell>{difference.theirs}</TableCell>
                  <TableCell>{difference.yours}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
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
