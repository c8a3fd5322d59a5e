import { Button, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";

export function ErrorScreen(props: { message: string }) {
  return (
    <div style={{ padding: 24, maxWidth: 560, margin: "0 auto" }}>
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>The CRM could not start</MessageBarTitle>
          {props.message}
        </MessageBarBody>
      </MessageBar>
      <Button style={{ marginTop: 16 }} onClick={() => window.location.reload()}>
        Try again
      </Button>
    </div>
  );
}
