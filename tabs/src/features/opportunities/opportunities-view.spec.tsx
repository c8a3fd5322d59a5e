import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeServer, json, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import OpportunitiesView from "./opportunities-view";

const deal = (id: string, stageId: string) => ({
  id,
  entity: "opportunity",
  ownerId: "max",
  createdBy: "max",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  etag: "e",
  name: id,
  pipelineId: "default",
  stageId,
  amount: 10,
});

describe("OpportunitiesView", () => {
  it("shows each deal's stage by name, not by id", async () => {
    const server = fakeServer(ownerMe).on("GET /api/opportunities", json(200, { items: [deal("Northwind", "proposal"), deal("Contoso", "retired-stage")] }));
    renderWithSession(<OpportunitiesView />, server, ownerMe);
    await screen.findByRole("link", { name: "Northwind" });
    expect(await screen.findByRole("gridcell", { name: "Proposal" })).toBeTruthy();
    expect(screen.queryByRole("gridcell", { name: "proposal" })).toBeNull();
    expect(screen.getByRole("gridcell", { name: "retired-stage" })).toBeTruthy();
  });
});
