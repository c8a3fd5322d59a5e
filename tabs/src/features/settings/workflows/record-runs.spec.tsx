import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aRun } from "../../../testing/api-fixtures";
import { fakeServer, json, memberMe } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import { RecordWorkflowRuns } from "./record-runs";
import type { RunRecord } from "./workflow-api";

const run: RunRecord = aRun({
  id: "r1",
  workflowId: "wf0000000000000000001",
  workflowName: "Round-robin new leads",
  recordId: "lead0000000000000001",
  // As the server sends it: people by name.
  actions: [{ type: "assign", description: "Assign in turn among Max Member, Olivia Owner (inactive users skipped)", outcome: "done", detail: "assigned to Max Member" }],
});

describe("workflow runs on a record", () => {
  it("shows the runs that touched it, in words, with people's names", async () => {
    const server = fakeServer(memberMe).on("GET /api/workflow-runs", json(200, { items: [run] }));
    renderWithSession(<RecordWorkflowRuns entity="lead" id="lead0000000000000001" />, server, memberMe);
    expect(await screen.findByRole("region", { name: "Workflow runs" })).toBeTruthy();
    expect(screen.getByText("Round-robin new leads")).toBeTruthy();
    expect(screen.getByText("Started when the lead was created")).toBeTruthy();
    expect(screen.getByText(/assigned to Max Member/)).toBeTruthy();
    expect(server.callsTo("GET", "/api/workflow-runs")[0]!.path).toBe("/api/workflow-runs?entity=lead&recordId=lead0000000000000001&pageSize=5");
  });

  it("says a run's outcome depends on fields the viewer's role hides, instead of guessing it", async () => {
    const concealed: RunRecord = {
      ...run,
      id: "r2",
      workflowName: "Big deals",
      status: "concealed",
      conditions: {
        passed: null,
        match: "all",
        results: [
          { field: "value", op: "greaterThan", value: 1000, actual: "(hidden: a field your roles do not show)", passed: null },
          { field: "company", op: "notEmpty", actual: "Acme", passed: true },
        ],
      },
      actions: [],
      concealed: "Depends on fields your role does not show",
    };
    delete concealed.attempts;
    const server = fakeServer(memberMe).on("GET /api/workflow-runs", json(200, { items: [concealed] }));
    renderWithSession(<RecordWorkflowRuns entity="lead" id="lead0000000000000001" />, server, memberMe);
    const region = await screen.findByRole("region", { name: "Workflow runs" });
    expect(within(region).getByText("Outcome not shown")).toBeTruthy();
    expect(within(region).getByText("Conditions: depends on fields your role does not show (1 of 1 shown true, 1 not shown)")).toBeTruthy();
    expect(within(region).getByText(/whether its conditions were met and what it did are not shown/)).toBeTruthy();
    expect(within(region).queryByText(/Conditions met|Conditions not met|Done/)).toBeNull();
  });

  it("counts only the conditions shown when the visible ones decide", async () => {
    const decided: RunRecord = {
      ...run,
      status: "conditionsNotMet",
      conditions: {
        passed: false,
        match: "all",
        results: [
          { field: "value", op: "greaterThan", value: 1000, actual: "(hidden: a field your roles do not show)", passed: null },
          { field: "company", op: "equals", value: "Globex", actual: "Acme", passed: false },
        ],
      },
      actions: [],
    };
    const server = fakeServer(memberMe).on("GET /api/workflow-runs", json(200, { items: [decided] }));
    renderWithSession(<RecordWorkflowRuns entity="lead" id="lead0000000000000001" />, server, memberMe);
    expect(await screen.findByText("Conditions not met (0 of 1 shown true, 1 not shown)")).toBeTruthy();
  });

  it("shows nothing when no workflow has run on it", async () => {
    const server = fakeServer(memberMe).on("GET /api/workflow-runs", json(200, { items: [] }));
    const { container } = renderWithSession(<RecordWorkflowRuns entity="lead" id="lead0000000000000001" />, server, memberMe);
    await waitFor(() => expect(server.callsTo("GET", "/api/workflow-runs")).toHaveLength(1));
    expect(container.querySelector("[role=region]")).toBeNull();
  });
});
