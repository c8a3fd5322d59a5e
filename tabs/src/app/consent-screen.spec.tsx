import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, ownerMe } from "../testing/fake-server";
import { App } from "./app";
import type { TeamsHost } from "./teams-host";

const clientId = "11111111-2222-4333-8444-555555555555";
const token = `x.${btoa(JSON.stringify({ aud: clientId })).replace(/=+$/, "")}.y`;

function teamsHost(getToken: () => Promise<string>, authenticate: (url: string) => Promise<string> = async () => "code") {
  return {
    theme: "light",
    onThemeChange: () => undefined,
    getToken: vi.fn(getToken),
    stepUp: async () => undefined,
    authenticate: vi.fn(authenticate),
    tenantId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
  } satisfies TeamsHost;
}

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, "", "/");
});

describe("consent / sign-in fallback in Teams", () => {
  it("getAuthToken needs consent: Grant access opens auth-start.html, then the CRM starts", async () => {
    history.replaceState(null, "", `/index.html?clientId=${clientId}`);
    const server = fakeServer(ownerMe);
    vi.stubGlobal("fetch", server.fetch);
    let consented = false;
    const host = teamsHost(
      async () => {
        if (!consented) throw new Error("resourceRequiresConsent");
        return token;
      },
      async () => {
        consented = true;
        return "code";
      },
    );
    render(<App detectHost={async () => host} />);
    await userEvent.click(await screen.findByRole("button", { name: "Grant access" }));
    expect(host.authenticate).toHaveBeenCalledWith(`${window.location.origin}/auth-start.html?clientId=${clientId}&tenantId=${host.tenantId}`);
    expect(await screen.findByRole("navigation", { name: "CRM sections" })).toBeTruthy();
  });

  it("the API's 403 consent_required: the client id comes from the token; a failed window says why and offers it again", async () => {
    const server = fakeServer(ownerMe).on("GET /api/me", json(403, { error: { code: "consent_required", message: "The CRM needs permission." } }));
    vi.stubGlobal("fetch", server.fetch);
    const host = teamsHost(
      async () => token,
      async () => Promise.reject(new Error("CancelledByUser")),
    );
    render(<App detectHost={async () => host} />);
    await userEvent.click(await screen.findByRole("button", { name: "Grant access" }));
    expect(host.authenticate.mock.calls[0]?.[0]).toContain(`/auth-start.html?clientId=${clientId}`);
    expect((await screen.findByRole("alert")).textContent).toBe("Sign-in did not finish (CancelledByUser). Try again.");
    expect(screen.getByRole("button", { name: "Grant access" })).toBeTruthy();
  });

  it("without a client id there is no window to open: it says an admin can grant consent", async () => {
    const host = teamsHost(async () => Promise.reject(new Error("consent_required")));
    render(<App detectHost={async () => host} />);
    expect(await screen.findByText(/An administrator can grant consent/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Grant access" })).toBeNull();
  });

  it("other failures stay errors", async () => {
    const host = teamsHost(async () => Promise.reject(new Error("Teams did not answer")));
    render(<App detectHost={async () => host} />);
    expect(await screen.findByText("The CRM could not start")).toBeTruthy();
    expect(host.authenticate).not.toHaveBeenCalled();
  });
});
