import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, memberMe, ownerMe } from "../testing/fake-server";
import { renderWithSession } from "../testing/render";
import { Shell } from "./shell";

const emptyLists = (server: ReturnType<typeof fakeServer>) => server.on("GET /api/leads", json(200, { items: [] }));

afterEach(() => {
  window.location.hash = "";
  vi.restoreAllMocks();
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
    expect(screen.getByRole("tab", { name: "Responsibilities" })).toBeTruthy();
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

describe("the header's navigation at 320 px", () => {
  /** A 320 px wide strip (after the logo) whose tabs are 110 px each, laid out as a browser would. */
  function layOut() {
    const span = (left: number, right: number) => ({ left, right, top: 0, bottom: 40, width: right - left, height: 40, x: left, y: 0, toJSON: () => ({}) }) as DOMRect;
    vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
      if (this.tagName === "NAV") return span(40, 320);
      const tab = this.closest('[role="tab"]');
      if (tab) {
        const nav = tab.closest("nav")!;
        const index = [...nav.querySelectorAll('[role="tab"]')].indexOf(tab);
        return span(40 + index * 110 - nav.scrollLeft, 40 + (index + 1) * 110 - nav.scrollLeft);
      }
      return span(0, 0);
    });
  }

  it("scrolls the selected item into view on navigation, and the item the keyboard focuses", async () => {
    layOut();
    window.location.hash = "#/tasks";
    const server = emptyLists(fakeServer(memberMe)).on("GET /api/tasks", json(200, { items: [] }));
    renderWithSession(<Shell />, server, memberMe);
    const nav = screen.getByRole("navigation", { name: "CRM sections" });
    // "My tasks" is the 6th of 6 tabs: 590–700 px in a strip that ends at 320 (8 px margin).
    expect(nav.scrollLeft).toBe(388);
    await act(async () => {
      window.location.hash = "#/leads";
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
    expect(nav.scrollLeft).toBe(0);
    fireEvent.focus(screen.getByRole("tab", { name: "Dashboard" }));
    expect(nav.scrollLeft).toBe(278);
    expect(screen.getByRole("tab", { name: "Leads" }).getAttribute("aria-selected")).toBe("true");
  });
});
