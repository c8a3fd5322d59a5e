import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CrmRecord } from "../../api/types";
import { fakeServer, json, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import RecordDetail from "./record-detail";

const lead: CrmRecord = {
  id: "lead0000000000000001",
  entity: "lead",
  ownerId: "olivia",
  createdBy: "olivia",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-02T10:00:00Z",
  updatedBy: "max",
  etag: 'W/"v2"',
  name: "Northwind",
  budgetOwner: "Dana",
};

const detailServer = (record: CrmRecord) =>
  fakeServer(ownerMe)
    .on(`GET /api/leads/${record.id}`, json(200, record))
    .on(`GET /api/leads/${record.id}/notes`, json(200, { items: [] }))
    .on(`GET /api/leads/${record.id}/history`, json(200, { items: [] }));

describe("RecordDetail", () => {
  it("says who changed the record last, by name", async () => {
    renderWithSession(<RecordDetail entity="lead" id={lead.id} />, detailServer(lead), ownerMe);
    await screen.findByRole("heading", { name: "Northwind" });
    expect(await screen.findByText(/last changed by Max Member on /)).toBeTruthy();
  });

  it("leaves the name out for records saved before the API said who", async () => {
    const { updatedBy: _, ...older } = lead;
    renderWithSession(<RecordDetail entity="lead" id={lead.id} />, detailServer(older), ownerMe);
    await screen.findByRole("heading", { name: "Northwind" });
    expect(screen.getByText(/last changed on /)).toBeTruthy();
  });
});
