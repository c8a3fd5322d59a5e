/**
 * Dev mode's "Confirm it's you": where Teams would have Entra ID ask for the second
 * factor, this dialog asks, and Confirm signs the user in again with the dev sign-in's
 * multi-factor flag. Cancel (or Escape) leaves the action undone.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles } from "@fluentui/react-components";
import { useSyncExternalStore } from "react";
import type { StepUpPrompt } from "./step-up-prompt";

const useStyles = makeStyles({ content: { display: "flex", flexDirection: "column", gap: "8px" } });

export function StepUpDialog(props: { prompt: StepUpPrompt; displayName: string }) {
  const { prompt } = props;
  const styles = useStyles();
  const open = useSyncExternalStore(prompt.subscribe, prompt.isAsking);
  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => !data.open && prompt.answer(false)}>
      <DialogSurface aria-describedby="step-up-why">
        <DialogBody>
          <DialogTitle>Confirm it&apos;s you</DialogTitle>
          <DialogContent id="step-up-why" className={styles.content}>
            <Text>This change needs a recent multi-factor sign-in. Nothing is saved until you confirm.</Text>
            <Text>In Teams you would confirm with your second sign-in factor. Here, in dev mode, Confirm signs {props.displayName} in again as if with multi-factor authentication.</Text>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => prompt.answer(false)}>Cancel</Button>
            <Button appearance="primary" onClick={() => prompt.answer(true)}>
              Confirm
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
