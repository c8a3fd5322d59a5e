/**
 * "Ask for a role": pick a role you do not hold, say why and until when; the role's
 * approval policy is shown in words and decides whether an end date is required.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Text,
  makeStyles,
} from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { describeError } from "../../api/client";
import type { Role } from "../../api/types";
import { useSession } from "../../app/session";
import type { AccessRequest, ApprovalPolicy } from "./access-api";
import { accessApi } from "./access-api";
import { defaultPolicy, policyInWords } from "./access-words";
import type { GrantReasonDraft } from "./grant-reason-fields";
import { GrantReasonFields, fieldErrorsOf, missingReason, reasonBody } from "./grant-reason-fields";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "12px" } });

/** `open`: opened from elsewhere (the account menu's deep link); `onClosed` is told when it closes, asked or not. */
export function AskRoleButton(props: { onAsked?: (request: AccessRequest) => void; open?: boolean; onClosed?: () => void }) {
  const [open, setOpen] = useState(props.open ?? false);
  useEffect(() => {
    if (props.open) setOpen(true);
  }, [props.open]);
  const close = () => {
    setOpen(false);
    props.onClosed?.();
  };
  return (
    <Dialog open={open} onOpenChange={(_, data) => (data.open ? setOpen(true) : close())}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary">Ask for a role</Button>
      </DialogTrigger>
      <AskRoleSurface
        onDone={(request) => {
          close();
          props.onAsked?.(request);
        }}
      />
    </Dialog>
  );
}

function AskRoleSurface(props: { onDone: (request: AccessRequest) => void }) {
  const styles = useStyles();
  const { api, me } = useSession();
  const access = useMemo(() => accessApi(api), [api]);
  const [roles, setRoles] = useState<Role[]>();
  const [policies, setPolicies] = useState<ApprovalPolicy[]>([]);
  const [roleId, setRoleId] = useState("");
  const [draft, setDraft] = useState<GrantReasonDraft>({ justification: "", endsAt: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([api.roles(), access.policies()])
      .then(([roleList, policyList]) => {
        if (!live) return;
        const held = new Set(me.roles.map((role) => role.id));
        setRoles(roleList.items.filter((role) => role.id !== "member" && !held.has(role.id)));
        setPolicies(policyList.items);
      })
      .catch((error: unknown) => live && setFailure(describeError(error)));
    return () => {
      live = false;
    };
  }, [api, access, me.roles]);

  const roleName = (id: string) => roles?.find((role) => role.id === id)?.name ?? me.roles.find((role) => role.id === id)?.name ?? "a role no longer there";
  const policy = roleId ? (policies.find((candidate) => candidate.roleId === roleId) ?? { roleId, ...defaultPolicy }) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = { ...(roleId ? {} : { roleId: "Choose a role." }), ...missingReason(policy, draft) };
    setErrors(missing);
    setFailure(undefined);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      props.onDone(await access.ask({ roleId, ...reasonBody(draft) }));
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogSurface aria-describedby={undefined}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogBody>
          <DialogTitle>Ask for a role</DialogTitle>
          <DialogContent className={styles.form}>
            {failure && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{failure}</MessageBarBody>
              </MessageBar>
            )}
            {!roles ? (
              !failure && <Spinner label="Loading roles…" size="small" />
            ) : roles.length === 0 ? (
              <Text>You already hold every role there is to ask for.</Text>
            ) : (
              <>
                <Field label="Role" required validationState={errors.roleId ? "error" : "none"} validationMessage={errors.roleId}>
                  <Dropdown
                    placeholder="Choose a role"
                    value={roleId ? roleName(roleId) : ""}
                    selectedOptions={roleId ? [roleId] : []}
                    onOptionSelect={(_, data) => {
                      setRoleId(data.optionValue ?? "");
                      setErrors({});
                    }}
                  >
                    {roles.map((role) => (
                      <Option key={role.id} value={role.id}>
                        {role.name}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                {policy && <Text>{policyInWords(policy, roleName)}.</Text>}
                <GrantReasonFields policy={policy} draft={draft} onChange={setDraft} errors={errors} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button type="submit" appearance="primary" disabled={busy || !roles || roles.length === 0}>
              {busy ? "Sending…" : "Send request"}
            </Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
