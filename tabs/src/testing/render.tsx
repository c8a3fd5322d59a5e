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
