/**
 * Create or edit a record through the Owner's form. Server field errors land on their
 * field; a 412 shows the conflict review instead of overwriting silently.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import type { CrmRecord, EntityType, FieldValue } from "../../api/types";
import { entityLabels } from "../../api/types";
import { fieldAccess, visibleFields } from "../../app/permissions";
import { useSession } from "../../app/session";
import { ConflictReview } from "./conflict-review";
import { FormRenderer, fieldInputId } from "./form-renderer";
import type { Draft } from "./form-values";
import { draftOf, payloadOf } from "./form-values";

interface RecordDialogProps {
  entity: EntityType;
  /** Absent: create a new record. */
  record?: CrmRecord;
  /** Values to start a new record with (e.g. the board's column). */
  initial?: Partial<CrmRecord>;
  onSaved: (record: CrmRecord) => void;
  onClose: () => void;
}

export function RecordDialog(props: RecordDialogProps) {
  const { api, me, forms, users, userName } = useSession();
  const { entity } = props;
  const form = forms?.[entity];
  const fields = useMemo(() => (form ? visibleFields(me, entity, form.fields) : []), [form, me, entity]);
  const readOnly = useMemo(() => new Set(fields.filter((field) => fieldAccess(me, entity, field.key) === "read").map((field) => field.key)), [fields, me, entity]);
  const [base, setBase] = useState<CrmRecord | undefined>(props.record);
  const [draft, setDraft] = useState<Draft | undefined>();
  const values = draft ?? draftOf(fields, props.record ?? props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [conflict, setConflict] = useState<{ latest: CrmRecord; mine: Record<string, FieldValue> }>();
  const [busy, setBusy] = useState(false);
  const [focusKey, setFocusKey] = useState<string>();
  const label = entityLabels[entity].one;
  const idPrefix = `record-${entity}`;

  const showProblems = (error: unknown) => {
    if (error instanceof ApiError && error.fields.length > 0) {
      const byField = error.fieldMessages();
      setErrors(byField);
      const unknownFields = Object.keys(byField).filter((key) => !fields.some((field) => field.key === key));
      setMessage(unknownFields.length ? unknownFields.map((key) => byField[key]).join(" ") : "Some fields need your attention.");
      const first = fields.find((field) => byField[field.key]);
      if (first) setFocusKey(first.key);
      return;
    }
    setMessage(describeError(error));
  };

  // Move focus to the first field the server refused, once the inputs are enabled again.
  useEffect(() => {
    if (busy || !focusKey) return;
    document.getElementById(fieldInputId(idPrefix, focusKey))?.focus();
    setFocusKey(undefined);
  }, [busy, focusKey, idPrefix]);

  const save = async (body: Record<string, FieldValue>, etag?: string) => {
    setBusy(true);
    setMessage(undefined);
    setErrors({});
    try {
      const saved = base ? await api.update(entity, base.id, etag ?? base.etag, body) : await api.create(entity, body);
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.isConflict && base) {
        try {
          setConflict({ latest: await api.get(entity, base.id), mine: body });
        } catch (reloadError) {
          setMessage(describeError(reloadError));
        }
      } else {
        showProblems(error);
      }
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = payloadOf(fields, values, base, readOnly);
    if (base && Object.keys(body).length === 0) return props.onClose();
    void save(body);
  };

  const reloadTheirs = () => {
    if (!conflict) return;
    setBase(conflict.latest);
    setDraft(draftOf(fields, conflict.latest));
    setConflict(undefined);
  };

  const overwrite = () => {
    if (!conflict) return;
    setBase(conflict.latest);
    const { mine, latest } = conflict;
    setConflict(undefined);
    void save(mine, latest.etag);
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && props.onClose()}>
      <DialogSurface aria-describedby={undefined} style={{ maxWidth: "min(720px, calc(100vw - 16px))" }}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{props.record ? `Edit ${label.toLowerCase()}` : `New ${label.toLowerCase()}`}</DialogTitle>
            <DialogContent style={{ display: "flex", flexDirection: "column", gap: 16 }}>
              {!form && <Spinner label="Loading the form…" />}
              {message && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{message}</MessageBarBody>
                </MessageBar>
              )}
              {conflict && (
                <ConflictReview
                  fields={fields}
                  latest={conflict.latest}
                  mine={conflict.mine}
                  {...(conflict.latest.updatedBy ? { savedBy: userName(conflict.latest.updatedBy) } : {})}
                  onReload={reloadTheirs}
                  onOverwrite={overwrite}
                  busy={busy}
                />
              )}
              {form && (
                <FormRenderer
                  idPrefix={idPrefix}
                  fields={fields}
                  values={values}
                  errors={errors}
                  readOnly={readOnly}
                  users={users}
                  disabled={busy}
                  onChange={(key, value) => {
                    setDraft({ ...values, [key]: value });
                    if (errors[key]) setErrors(({ [key]: _dropped, ...rest }) => rest);
                  }}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={props.onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={busy || !form || Boolean(conflict)}>
                {busy ? "Saving…" : props.record ? "Save" : `Create ${label.toLowerCase()}`}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
