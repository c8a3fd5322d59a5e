import { FluentProvider, teamsLightTheme } from "@fluentui/react-components";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import type { Me } from "../api/types";
import { SessionProvider } from "../app/session";
import type { FakeServer } from "./fake-server";

/** Renders a screen inside Fluent and a session backed by the fake server. */
export function renderWithSession(ui: ReactElement, server: FakeServer, me: Me) {
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <SessionProvider api={server.client()} me={me}>
        {ui}
      </SessionProvider>
    </FluentProvider>,
  );
}

/** Renders a piece that needs no session (it gets what it shows as props) inside Fluent's Teams theme. */
export function renderInTheme(ui: ReactElement) {
  return render(<FluentProvider theme={teamsLightTheme}>{ui}</FluentProvider>);
}
