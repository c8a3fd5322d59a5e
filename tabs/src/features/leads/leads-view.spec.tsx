import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeServer, json, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import LeadsView from "./leads-view";

const lead = { id: "l1", entity: "lead", ownerId: "max", createdBy: "max", createdAt: "2026-11-01T10:00:00Z", updatedAt: "2026-11-01T10:00:00Z", etag: "e", name: "Northwind" };

describe("LeadsView", () => {
  it("fetches its first page once: the search box's settling on mount does not ask again", async () => {
    const server = fakeServer(ownerMe).on("GET /api/leads", json(200, { items: [lead] }));
    renderWithSession(<LeadsView />, server, ownerMe);
    await screen.findByRole("link", { name: "Northwind" });
    // Past the search's 300 ms debounce.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(server.calls.filter((call) => call.method === "GET" && call.path.startsWith("/api/leads"))).toHaveLength(1);
  });
});
