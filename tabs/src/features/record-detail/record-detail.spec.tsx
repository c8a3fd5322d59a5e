import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CrmRecord } from "../../api/types";
import { fakeServer, json, memberMe, ownerMe } from "../../testing/fake-server";
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

const detailServer = (record: CrmRecord, me = ownerMe) =>
  fakeServer(me)
    .on(`GET /api/leads/${record.id}`, json(200, record))
    .on(`GET /api/leads/${record.id}/notes`, json(200, { items: [] }))
    .on(`GET /api/leads/${record.id}/history`, json(200, { items: [] }));

describe("RecordDetail", () => {
  it("says who changed the record last, by name", async () => {
    renderWithSession(<RecordDetail entity="lead" id={lead.id} />, detailServer(lead), ownerMe);
    await screen.findByRole("heading", { name: "Northwind" });
    expect(await screen.findByText(/last changed by Max Member on /)).toBeTruthy();
  });

  it("leaves the name out when the record does not say who saved it", async () => {
    const older = { ...lead, updatedBy: "" };
    renderWithSession(<RecordDetail entity="lead" id={lead.id} />, detailServer(older), ownerMe);
    await screen.findByRole("heading", { name: "Northwind" });
    expect(screen.getByText(/last changed on /)).toBeTruthy();
  });

  describe("changed by a workflow (updatedBy workflow.<id>)", () => {
    const workflowId = "wf00000000000000001";
    const byWorkflow: CrmRecord = { ...lead, updatedBy: `workflow.${workflowId}` };
    const history = {
      items: [
        { id: "a1", action: "lead.update", actorId: `workflow.${workflowId}`, at: "2026-11-02T10:00:00Z" },
        { id: "a2", action: "lead.create", actorId: "olivia", at: "2026-11-01T10:00:00Z" },
      ],
    };

    it("names the workflow for someone who may read workflows, asking once", async () => {
      const server = detailServer(byWorkflow)
        .on(`GET /api/leads/${lead.id}/history`, json(200, history))
        .on(`GET /api/config/workflows/${workflowId}`, json(200, { id: workflowId, name: "Welcome new leads" }));
      renderWithSession(<RecordDetail entity="lead" id={lead.id} />, server, ownerMe);
      expect(await screen.findByText(/last changed by workflow “Welcome new leads” on /)).toBeTruthy();
      const list = await screen.findByRole("list", { name: "History" });
      expect(await within(list).findByText(/^workflow “Welcome new leads” · /)).toBeTruthy();
      expect(within(list).getByText(/^Olivia Owner · /)).toBeTruthy();
      expect(server.callsTo("GET", "/api/config/workflows/")).toHaveLength(1);
    });

    it("says only \"a workflow\" to someone who may not, and asks nothing", async () => {
      const server = detailServer(byWorkflow, memberMe).on(`GET /api/leads/${lead.id}/history`, json(200, history));
      renderWithSession(<RecordDetail entity="lead" id={lead.id} />, server, memberMe);
      expect(await screen.findByText(/last changed by a workflow on /)).toBeTruthy();
      const list = await screen.findByRole("list", { name: "History" });
      expect(within(list).getByText(/^a workflow · /)).toBeTruthy();
      expect(server.callsTo("GET", "/api/config/workflows")).toHaveLength(0);
      expect(screen.queryByText(new RegExp(workflowId))).toBeNull();
    });

    it("falls back to \"a workflow\" when the workflow is gone or the id is not one", async () => {
      const server = detailServer(byWorkflow).on(`GET /api/config/workflows/${workflowId}`, json(404, { error: { code: "not_found", message: "Gone" } }));
      renderWithSession(<RecordDetail entity="lead" id={lead.id} />, server, ownerMe);
      expect(await screen.findByText(/last changed by a workflow on /)).toBeTruthy();
      await waitFor(() => expect(server.callsTo("GET", "/api/config/workflows/")).toHaveLength(1));
      expect(screen.getByText(/last changed by a workflow on /)).toBeTruthy();

      const oddRecord: CrmRecord = { ...lead, id: "lead0000000000000002", updatedBy: "workflow.../users" };
      const odd = detailServer(oddRecord);
      renderWithSession(<RecordDetail entity="lead" id={oddRecord.id} />, odd, ownerMe);
      await waitFor(() => expect(screen.getAllByText(/last changed by a workflow on /)).toHaveLength(2));
      expect(odd.callsTo("GET", "/api/config/workflows")).toHaveLength(0);
    });
  });
});
