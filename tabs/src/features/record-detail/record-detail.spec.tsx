import { fireEvent, screen, waitFor, within } from "@testing-library/react";
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

    it('says only "a workflow" to someone who may not, and asks nothing', async () => {
      const server = detailServer(byWorkflow, memberMe).on(`GET /api/leads/${lead.id}/history`, json(200, history));
      renderWithSession(<RecordDetail entity="lead" id={lead.id} />, server, memberMe);
      expect(await screen.findByText(/last changed by a workflow on /)).toBeTruthy();
      const list = await screen.findByRole("list", { name: "History" });
      expect(within(list).getByText(/^a workflow · /)).toBeTruthy();
      expect(server.callsTo("GET", "/api/config/workflows")).toHaveLength(0);
      expect(screen.queryByText(new RegExp(workflowId))).toBeNull();
    });

    it('falls back to "a workflow" when the workflow is gone or the id is not one', async () => {
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

  describe("changes from the page", () => {
    const deal: CrmRecord = { ...lead, id: "opp00000000000000001", entity: "opportunity", name: "Northwind rollout", pipelineId: "default", stageId: "prospecting", etag: 'W/"d1"' };
    const dealServer = () =>
      fakeServer(ownerMe)
        .on(`GET /api/opportunities/${deal.id}/notes`, json(200, { items: [] }))
        .on(`GET /api/opportunities/${deal.id}/history`, json(200, { items: [] }));

    it("moves an opportunity's stage with its ETag and says so", async () => {
      const server = dealServer()
        .on(`GET /api/opportunities/${deal.id}`, json(200, deal))
        .on(`PATCH /api/opportunities/${deal.id}`, (call) => json(200, { ...deal, ...(call.body as object), etag: 'W/"d2"' }));
      renderWithSession(<RecordDetail entity="opportunity" id={deal.id} />, server, ownerMe);
      fireEvent.change(await screen.findByRole("combobox", { name: "Stage" }), { target: { value: "proposal" } });
      expect(await screen.findByText("Stage changed.")).toBeTruthy();
      const patch = server.callsTo("PATCH", `/api/opportunities/${deal.id}`)[0]!;
      expect(patch.headers["if-match"]).toBe('W/"d1"');
      expect(patch.body).toEqual({ stageId: "proposal" });
      const stageTerm = screen.getAllByRole("term").find((term) => term.textContent === "Stage")!;
      expect(stageTerm.nextElementSibling?.textContent).toBe("Proposal");
    });

    it("reloads and says so when someone else changed it first", async () => {
      let current = deal;
      const server = dealServer()
        .on(`GET /api/opportunities/${deal.id}`, () => json(200, current))
        .on(`PATCH /api/opportunities/${deal.id}`, json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } }));
      renderWithSession(<RecordDetail entity="opportunity" id={deal.id} />, server, ownerMe);
      const stage = await screen.findByRole("combobox", { name: "Stage" });
      current = { ...deal, stageId: "won", etag: 'W/"d3"' };
      fireEvent.change(stage, { target: { value: "proposal" } });
      expect(await screen.findByText("Someone else changed this record. It has been reloaded: check it and try again.")).toBeTruthy();
      await waitFor(() => expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Stage" }).value).toBe("won"));
    });

    it("deletes after asking, with the ETag, and goes back to the list", async () => {
      const server = detailServer(lead).on(`DELETE /api/leads/${lead.id}`, json(204));
      renderWithSession(<RecordDetail entity="lead" id={lead.id} />, server, ownerMe);
      fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
      fireEvent.click(within(screen.getByRole("dialog", { name: "Delete “Northwind”?" })).getByRole("button", { name: "Delete" }));
      await waitFor(() => expect(window.location.hash).toBe("#/leads"));
      expect(server.callsTo("DELETE", `/api/leads/${lead.id}`)[0]!.headers["if-match"]).toBe('W/"v2"');
      window.location.hash = "";
    });
  });
});
