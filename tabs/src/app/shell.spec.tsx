import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeServer, json, memberMe, ownerMe } from "../testing/fake-server";
import { renderWithSession } from "../testing/render";
import { Shell } from "./shell";

const emptyLists = (server: ReturnType<typeof fakeServer>) => server.on("GET /api/leads", json(200, { items: [] }));

afterEach(() => {
  window.location.hash = "";
});

describe("what the shell shows per permission", () => {
  it("an Owner gets Settings and the owner filter", async () => {
    renderWithSession(<Shell />, emptyLists(fakeServer(ownerMe)), ownerMe);
    expect(screen.getByRole("tab", { name: "Settings" })).toBeTruthy();
    expect(await screen.findByRole("combobox", { name: "Owner" })).toBeTruthy();
  });

  it("a Member sees no Settings tab and no owner filter", async () => {
    const server = emptyLists(fakeServer(memberMe));
    renderWithSession(<Shell />, server, memberMe);
    expect(await screen.findByText("No leads yet.")).toBeTruthy();
    expect(screen.queryByRole("tab", { name: "Settings" })).toBeNull();
    expect(screen.queryByRole("combobox", { name: "Owner" })).toBeNull();
    expect(server.callsTo("GET", "/api/leads")[0]!.path).not.toContain("owner=all");
  });

  it("a Member who follows a settings deep link is told, and no configuration is loaded", async () => {
    window.location.hash = "#/settings/forms";
    const server = fakeServer(memberMe);
    renderWithSession(<Shell />, server, memberMe);
    expect(await screen.findByText("You have no configuration permissions.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save form" })).toBeNull();
    await waitFor(() => expect(server.callsTo("GET", "/api/config/forms/")).toHaveLength(0));
  });

  it("a role with only the audit permission sees only the audit log in Settings", async () => {
    const auditor = { ...memberMe, permissions: { ...memberMe.permissions, config: ["audit" as const] } };
    window.location.hash = "#/settings/forms";
    const server = fakeServer(auditor).on("GET /api/audit", json(200, { items: [] }));
    renderWithSession(<Shell />, server, auditor);
    expect(await screen.findByRole("tab", { name: "Audit log" })).toBeTruthy();
    expect(screen.queryByRole("tab", { name: "Forms" })).toBeNull();
    expect(await screen.findByText("No entries match.")).toBeTruthy();
  });
});
