import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FormDefinition } from "../../../api/types";
import { aForm } from "../../../testing/api-fixtures";
import { fakeServer, forms, json, ownerMe } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import CaseWorkflowEditor from "./case-workflow-editor";
import { workflowApi } from "./workflow-api";
import type { StoredCaseWorkflow } from "./workflow-api";

const caseForm: FormDefinition = aForm("case", [
  { key: "title", label: "Title", type: "text", required: true, order: 0 },
  { key: "priority", label: "Priority", type: "choice", required: false, order: 1, options: ["Low", "High"] },
  { key: "status", label: "Status", type: "choice", required: false, order: 2, options: ["New", "In progress", "Closed"] },
]);

const stored: StoredCaseWorkflow = {
  configured: true,
  statuses: ["New", "In progress", "Closed"],
  unansweredStatuses: ["New"],
  transitions: [{ from: "*", to: "In progress", roleIds: ["owner", "member"] }],
  sla: [],
  etag: 'W/"c1"',
};

describe("case workflow", () => {
  it("saves transitions and an SLA with the ETag, and shows a refused transition on its control", async () => {
    const server = fakeServer(ownerMe)
      .on("GET /api/config/forms", json(200, { items: [...forms.filter((form) => form.entity !== "case"), caseForm] }))
      .on("GET /api/config/case-workflow", json(200, stored))
      .on(
        "PUT /api/config/case-workflow",
        json(400, {
          error: {
            code: "invalid_input",
            message: "The case workflow cannot be saved.",
            details: { fields: [{ field: "transitions[1].roleIds", message: "Name at least one role that may make this move." }] },
          },
        }),
      );
    const roles = [
      { id: "owner", name: "Owner" },
      { id: "member", name: "Member" },
    ];
    renderWithSession(<CaseWorkflowEditor calls={workflowApi(server.client())} roles={roles} />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "Add move" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Move 2: to" }), { target: { value: "Closed" } });
    fireEvent.click(screen.getAllByRole("checkbox", { name: "Owner" }).at(-1)!);
    fireEvent.click(screen.getByRole("button", { name: "Add SLA" }));
    fireEvent.change(screen.getByRole("spinbutton", { name: "SLA 1: answer within: amount" }), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Save case workflow" }));
    const group = await screen.findByRole("group", { name: "Move 2: who may" });
    await waitFor(() => expect(group.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getAllByText("Name at least one role that may make this move.").length).toBeGreaterThan(0);
    const put = server.callsTo("PUT", "/api/config/case-workflow")[0]!;
    expect(put.headers["if-match"]).toBe('W/"c1"');
    expect(put.body).toEqual({
      statuses: ["New", "In progress", "Closed"],
      unansweredStatuses: ["New"],
      transitions: [stored.transitions[0], { from: "*", to: "Closed", roleIds: [] }],
      sla: [{ priority: "Low", respondWithin: { amount: 2, unit: "hours" }, escalate: { notify: { kind: "role", roleId: "owner" } } }],
    });
  });

  it("says when someone else saved meanwhile and reloads theirs on request, keeping mine until then", async () => {
    let current = stored;
    const server = fakeServer(ownerMe)
      .on("GET /api/config/forms", json(200, { items: [...forms.filter((form) => form.entity !== "case"), caseForm] }))
      .on("GET /api/config/case-workflow", () => json(200, current))
      .on("PUT /api/config/case-workflow", json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } }));
    renderWithSession(<CaseWorkflowEditor calls={workflowApi(server.client())} roles={[{ id: "owner", name: "Owner" }]} />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "Add move" }));
    current = { ...stored, transitions: [], etag: 'W/"c2"' };
    fireEvent.click(screen.getByRole("button", { name: "Save case workflow" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Someone else changed the case workflow since you opened it.");
    expect(screen.getByRole("combobox", { name: "Move 2: to" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.getByText("No moves: nobody can change a case's status.")).toBeTruthy());
  });

  it("undoes unsaved changes", async () => {
    const server = fakeServer(ownerMe)
      .on("GET /api/config/forms", json(200, { items: [...forms.filter((form) => form.entity !== "case"), caseForm] }))
      .on("GET /api/config/case-workflow", json(200, stored));
    renderWithSession(<CaseWorkflowEditor calls={workflowApi(server.client())} roles={[{ id: "owner", name: "Owner" }]} />, server, ownerMe);
    expect(await screen.findByRole("button", { name: "Save case workflow" })).toHaveProperty("disabled", true);
    fireEvent.click(screen.getByRole("button", { name: "Remove move 1" }));
    fireEvent.click(screen.getByRole("button", { name: "Undo changes" }));
    expect(screen.getByRole("combobox", { name: "Move 1: to" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Save case workflow" })).toHaveProperty("disabled", true);
  });
});
