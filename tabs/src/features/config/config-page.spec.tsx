import { FluentProvider, teamsLightTheme } from "@fluentui/react-components";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../app/app";
import { isConfigHash } from "../../app/config-route";
import type { TabConfigHost, TabSettings, TeamsHost } from "../../app/teams-host";
import ConfigPage from "./config-page";
import { tabSettings, tabViews } from "./tab-views";

/** The Teams adapter's pages.config, faked: remembers the save handler and the validity. */
function fakeConfig(currentEntityId?: string) {
  let saveHandler: (() => TabSettings | undefined) | undefined;
  const setValid = vi.fn<(valid: boolean) => void>();
  const config: TabConfigHost = {
    ...(currentEntityId ? { currentEntityId } : {}),
    setValid,
    onSave: (handler) => {
      saveHandler = handler;
    },
  };
  return { config, setValid, save: () => saveHandler?.() };
}

const renderPage = (config: TabConfigHost | undefined) =>
  render(
    <FluentProvider theme={teamsLightTheme}>
      <ConfigPage config={config} />
    </FluentProvider>,
  );

afterEach(() => {
  window.location.hash = "";
});

describe("the configurable tab's #/config page", () => {
  it("is the manifest's configurationUrl route only", () => {
    expect(isConfigHash("#/config")).toBe(true);
    expect(isConfigHash("#config")).toBe(true);
    expect(isConfigHash("#/leads")).toBe(false);
    expect(isConfigHash("")).toBe(false);
  });

  it("builds the settings on the page's own origin and path, keeping its query", () => {
    const board = tabViews.find((view) => view.entityId === "pipeline")!;
    expect(tabSettings(board, { origin: "https://crm.example", pathname: "/index.html", search: "?clientId=abc" })).toEqual({
      entityId: "pipeline",
      contentUrl: "https://crm.example/index.html?clientId=abc#/pipeline",
      websiteUrl: "https://crm.example/index.html?clientId=abc#/pipeline",
      suggestedDisplayName: "Pipeline",
    });
    expect(tabViews.map((view) => view.label)).toEqual(["Leads", "Pipeline board", "Cases", "Dashboard"]);
  });

  it("in Teams: Save stays off until a view is chosen, then hands Teams that view's settings", async () => {
    const fake = fakeConfig();
    renderPage(fake.config);
    expect(screen.getByRole("heading", { name: "Add the CRM to this conversation" })).toBeTruthy();
    expect(fake.setValid).toHaveBeenLastCalledWith(false);
    expect(fake.save()).toBeUndefined();

    await userEvent.click(screen.getByRole("radio", { name: /Pipeline board/ }));
    expect(fake.setValid).toHaveBeenLastCalledWith(true);
    expect(fake.save()).toMatchObject({ entityId: "pipeline", suggestedDisplayName: "Pipeline", contentUrl: expect.stringMatching(/#\/pipeline$/) });

    await userEvent.click(screen.getByRole("radio", { name: /Dashboard/ }));
    const saved = fake.save()!;
    expect(saved.entityId).toBe("dashboard");
    expect(saved.websiteUrl).toBe(saved.contentUrl);
    expect(saved.contentUrl).toBe(`${window.location.origin}${window.location.pathname}${window.location.search}#/dashboard`);
  });

  it("in Teams, reconfiguring: the tab's current view is chosen and Save is on", () => {
    const fake = fakeConfig("cases");
    renderPage(fake.config);
    expect(screen.getByRole<HTMLInputElement>("radio", { name: /Cases/ }).checked).toBe(true);
    expect(fake.setValid).toHaveBeenLastCalledWith(true);
    expect(fake.save()?.entityId).toBe("cases");
  });

  it("App: Teams' settings frame shows the page without signing in", async () => {
    const fake = fakeConfig();
    const getToken = vi.fn(async () => "token");
    const host: TeamsHost = { theme: "light", onThemeChange: () => undefined, getToken, stepUp: async () => undefined, authenticate: async () => "", config: fake.config };
    window.location.hash = "#/config";
    render(<App detectHost={async () => host} />);
    expect(await screen.findByRole("heading", { name: "Add the CRM to this conversation" })).toBeTruthy();
    expect(getToken).not.toHaveBeenCalled();
  });

  it("App: outside Teams it explains what the page is for", async () => {
    window.location.hash = "#/config";
    render(<App detectHost={async () => null} />);
    expect(await screen.findByRole("heading", { name: "Set up a CRM tab" })).toBeTruthy();
    expect(screen.getByText(/adds the CRM as a tab to a channel or a group chat/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Pipeline board" }).getAttribute("href")).toBe("#/pipeline");
    expect(screen.queryByRole("radio")).toBeNull();
  });
});
