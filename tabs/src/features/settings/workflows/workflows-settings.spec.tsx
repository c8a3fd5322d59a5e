import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Shell } from "../../../app/shell";
import { aDeadLetter, aRecord, aRun, aUser } from "../../../testing/api-fixtures";
import { fakeServer, json, memberMe, ownerMe, users } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import type { DeadLetter, RunRecord, Workflow } from "./workflow-api";
import WorkflowsSettings from "./workflows-settings";

const mia = aUser({ userId: "mia", displayName: "Mia Member" });

const roundRobin: Workflow = {
  id: "wf0000000000000000001",
  name: "Round-robin new leads",
  description: "Spreads new leads fairly across the team.",
  entity: "lead",
  enabled: true,
  trigger: { type: "created" },
  conditions: { match: "all", rules: [] },
  actions: [{ type: "assign", strategy: "roundRobin", pool: { userIds: ["max", "mia"] } }],
  roleIds: [],
  template: "round-robin-new-leads",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  updatedBy: "olivia",
  etag: 'W/"w1"',
};

const run: RunRecord = aRun({
  id: "run1",
  workflowId: roundRobin.id,
  workflowName: roundRobin.name,
  recordId: "lead0000000000000001",
  conditions: { passed: true, match: "all", results: [] },
  // As the server sends it: people by name.
  actions: [{ type: "assign", description: "Assign in turn among Max Member, Mia Member (inactive users skipped)", outcome: "done", detail: "assigned to Max Member" }],
});

const letter: DeadLetter = aDeadLetter({
  id: "0123456789abcdef0123456789abcdef",
  key: "e|x",
  job: { kind: "event", workflowId: roundRobin.id },
  reason: "There is no user with this id in your organisation.",
  workflowId: roundRobin.id,
  recordId: "lead0000000000000002",
});

function ownerServer() {
  return fakeServer(ownerMe)
    .on("GET /api/users", json(200, { items: [...users, mia] }))
    .on(
      "GET /api/config/workflows",
      json(200, { items: [{ ...roundRobin, lastRun: { id: run.id, status: run.status, finishedAt: run.finishedAt, causedAt: run.causedAt, recordId: run.recordId }, openDeadLetters: 1 }] }),
    )
    .on(`GET /api/config/workflows/${roundRobin.id}`, json(200, roundRobin))
    .on(`GET /api/config/workflows/${roundRobin.id}/runs`, json(200, { items: [run] }))
    .on("GET /api/config/workflow-dead-letters", json(200, { items: [letter] }))
    .on("GET /api/leads", json(200, { items: [aRecord("lead", { id: "lead0000000000000001", createdBy: "olivia", etag: "e", name: "Northwind" })] }));
}

afterEach(() => {
  window.location.hash = "";
});

describe("Settings → Workflows", () => {
  it("lists workflows with their switch, last run and failures, and turns one off", async () => {
    const server = ownerServer().on(`POST /api/config/workflows/${roundRobin.id}/disable`, json(200, { ...roundRobin, enabled: false }));
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    const list = await screen.findByRole("list", { name: "Workflows" });
    expect(within(list).getByText("Round-robin new leads")).toBeTruthy();
    expect(within(list).getByText(/When a record is created/)).toBeTruthy();
    expect(await within(list).findByText("Done")).toBeTruthy();
    expect(within(list).getByText("1 failed run")).toBeTruthy();
    // The list asks for nothing per workflow: the last run and the failures come with it.
    expect(server.callsTo("GET", `/api/config/workflows/${roundRobin.id}/runs`)).toHaveLength(0);
    expect(server.callsTo("GET", "/api/config/workflow-dead-letters")).toHaveLength(0);
    fireEvent.click(within(list).getByRole("switch", { name: "Round-robin new leads is on" }));
    await screen.findByText("“Round-robin new leads” is off.");
    expect(server.callsTo("POST", `/api/config/workflows/${roundRobin.id}/disable`)).toHaveLength(1);
  });

  it("puts the server's problems on the control they name, and focuses the first", async () => {
    const server = ownerServer().on(
      "POST /api/config/workflows",
      json(400, {
        error: {
          code: "invalid_input",
          message: "The workflow cannot be saved.",
          details: {
            fields: [
              { field: "actions[0].userId", message: "There is no user with this id in your organisation." },
              { field: "conditions.rules[0].value", message: "The value must be one of: New, Qualified" },
            ],
          },
        },
      }),
    );
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "New workflow" }));
    fireEvent.change(await screen.findByRole("textbox", { name: /^Name/ }), { target: { value: "Give Max the qualified ones" } });
    fireEvent.click(screen.getByRole("button", { name: "Add condition" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: field" }), { target: { value: "status" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: test" }), { target: { value: "equals" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: value" }), { target: { value: "Qualified" } });
    fireEvent.click(screen.getByRole("button", { name: "Add action" }));
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: what to do" }), { target: { value: "assign" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: how to choose" }), { target: { value: "user" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: person" }), { target: { value: "max" } });
    expect(within(screen.getByRole("region", { name: "In plain words" })).getByText("Assign to Max Member")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save workflow" }));

    const person = screen.getByRole("combobox", { name: "Action 1: person" });
    await waitFor(() => expect(person.getAttribute("aria-invalid")).toBe("true"));
    const describedBy = (person.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent ?? "");
    expect(describedBy.join(" ")).toContain("There is no user with this id in your organisation.");
    const value = screen.getByRole("combobox", { name: "Condition 1: value" });
    expect(value.getAttribute("aria-invalid")).toBe("true");
    // Other controls stay unmarked.
    expect(screen.getByRole("combobox", { name: "Condition 1: field" }).getAttribute("aria-invalid")).not.toBe("true");
    expect(screen.getByRole("textbox", { name: /^Name/ }).getAttribute("aria-invalid")).not.toBe("true");
    // The summary names both, and focus goes to the first.
    expect(screen.getByText("The workflow cannot be saved yet:")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(person));

    const body = server.callsTo("POST", "/api/config/workflows")[0]!.body as Workflow;
    expect(body).toMatchObject({
      name: "Give Max the qualified ones",
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [{ field: "status", op: "equals", value: "Qualified" }] },
      actions: [{ type: "assign", strategy: "user", userId: "max" }],
    });
  });

  it("creates round-robin new leads from the template over two chosen Members", async () => {
    const server = ownerServer()
      .on("GET /api/config/workflows", json(200, { items: [] }))
      .on(
        "GET /api/config/workflow-templates",
        json(200, { items: [{ id: "round-robin-new-leads", name: "Round-robin new leads", description: "Every new lead goes to the next sales person in turn.", needs: [], workflow: roundRobin }] }),
      )
      .on("POST /api/config/workflow-templates/round-robin-new-leads", json(201, roundRobin));
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    expect(await screen.findByText(/No workflows yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Start from a template" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByRole("radio", { name: "Round-robin new leads" });
    // The people come with the session, which may answer after the templates.
    fireEvent.click(await within(dialog).findByRole("checkbox", { name: "Max Member" }));
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "Mia Member" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Create workflow" }));
    await screen.findByRole("heading", { name: "Round-robin new leads" });
    expect(server.callsTo("POST", "/api/config/workflow-templates/round-robin-new-leads")[0]!.body).toEqual({ enabled: true, userIds: ["max", "mia"] });
    // The editor shows it in plain language, with its run history.
    expect(within(screen.getByRole("region", { name: "In plain words" })).getByText("Assign in turn among Max Member, Mia Member (inactive users skipped)")).toBeTruthy();
    expect(await screen.findByText(/assigned to Max Member/)).toBeTruthy();
    expect(screen.getByText(/Started when the lead was created/)).toBeTruthy();
  });

  it("a dry run on a chosen record shows what would happen without doing it", async () => {
    const server = ownerServer().on("POST /api/config/workflows/dry-run", (call) =>
      json(200, {
        workflow: { id: "draft", name: roundRobin.name },
        record: { entity: "lead", id: (call.body as { recordId: string }).recordId },
        trigger: "When a record is created",
        conditions: { passed: true, match: "all", results: [], described: [] },
        wouldRun: true,
        actions: [{ type: "assign", description: "Assign in turn among Max Member, Mia Member (inactive users skipped)", preview: "would assign to Mia Member" }],
      }),
    );
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "Round-robin new leads" }));
    const lead = await screen.findByRole("combobox", { name: "Lead" });
    await waitFor(() => expect((lead as HTMLSelectElement).value).toBe("lead0000000000000001"));
    fireEvent.click(screen.getByRole("button", { name: "Dry run" }));
    const result = await screen.findByRole("region", { name: "Dry run result" });
    expect(within(result).getByText("It would run:")).toBeTruthy();
    expect(within(result).getByText("→ would assign to Mia Member")).toBeTruthy();
    expect(server.callsTo("POST", "/api/config/workflows/dry-run")[0]!.body).toMatchObject({ recordId: "lead0000000000000001", workflow: { name: roundRobin.name, enabled: false } });
    expect(server.callsTo("POST", `/api/config/workflows/${roundRobin.id}/run`)).toHaveLength(0);
  });

  it("a dry run whose result depends on hidden fields says so, for the result and each such condition", async () => {
    const server = ownerServer().on("POST /api/config/workflows/dry-run", (call) =>
      json(200, {
        workflow: { id: "draft", name: roundRobin.name },
        record: { entity: "lead", id: (call.body as { recordId: string }).recordId },
        trigger: "When a record is created",
        conditions: {
          passed: null,
          match: "all",
          results: [{ field: "value", op: "greaterThan", value: 1000, actual: "(hidden: a field your roles do not show)", passed: null }],
          described: ["value is greater than 1000"],
        },
        wouldRun: null,
        concealed: "Depends on fields your role does not show",
        actions: [{ type: "noop", description: "Do nothing (recorded only)", preview: "Depends on fields your role does not show" }],
      }),
    );
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "Round-robin new leads" }));
    const lead = await screen.findByRole("combobox", { name: "Lead" });
    await waitFor(() => expect((lead as HTMLSelectElement).value).toBe("lead0000000000000001"));
    fireEvent.click(screen.getByRole("button", { name: "Dry run" }));
    const result = await screen.findByRole("region", { name: "Dry run result" });
    expect(within(result).getByText("Whether it would run: depends on fields your role does not show.")).toBeTruthy();
    const condition = within(within(result).getByRole("list", { name: "Conditions" })).getByRole("listitem");
    expect(condition.textContent).toBe("? value is greater than 1000 (depends on fields your role does not show)");
    expect(within(result).queryByText(/It would run|It would not run/)).toBeNull();
  });

  it("shows a concealed last run in the list as not shown", async () => {
    const server = ownerServer().on(
      "GET /api/config/workflows",
      json(200, { items: [{ ...roundRobin, lastRun: { id: run.id, status: "concealed", finishedAt: run.causedAt, causedAt: run.causedAt, recordId: run.recordId }, openDeadLetters: 0 }] }),
    );
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    const list = await screen.findByRole("list", { name: "Workflows" });
    expect(await within(list).findByText("Outcome not shown")).toBeTruthy();
    expect(within(list).queryByText("Done")).toBeNull();
  });

  it("shows failed runs with the reason; retry and discard", async () => {
    const server = ownerServer().on(`POST /api/config/workflow-dead-letters/${letter.id}/retry`, json(200, letter)).on(`DELETE /api/config/workflow-dead-letters/${letter.id}`, { status: 204 });
    renderWithSession(<WorkflowsSettings />, server, ownerMe);
    fireEvent.click(await screen.findByRole("tab", { name: "Failed runs" }));
    expect(await screen.findByText(letter.reason)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /^Retry: Round-robin new leads/ }));
    await screen.findByText(/queued again/);
    expect(server.callsTo("POST", `/api/config/workflow-dead-letters/${letter.id}/retry`)).toHaveLength(1);
    expect(screen.getByText(/No failed runs/)).toBeTruthy();
  });

  it("a Member sees nothing: no Settings, no Workflows, and no workflow calls even by deep link", async () => {
    window.location.hash = "#/settings/workflows";
    const server = fakeServer(memberMe).on("GET /api/leads", json(200, { items: [] }));
    renderWithSession(<Shell />, server, memberMe);
    expect(await screen.findByText("You have no configuration permissions.")).toBeTruthy();
    expect(screen.queryByRole("tab", { name: "Settings" })).toBeNull();
    expect(screen.queryByRole("tab", { name: "Workflows" })).toBeNull();
    renderWithSession(<WorkflowsSettings />, server, memberMe);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole("button", { name: "New workflow" })).toBeNull();
    expect(server.calls.filter((call) => call.path.startsWith("/api/config/workflow"))).toHaveLength(0);
  });

  it("an Owner finds Workflows among the settings sections", async () => {
    window.location.hash = "#/settings/workflows";
    renderWithSession(<Shell />, ownerServer(), ownerMe);
    const sections = await screen.findByRole("tablist", { name: "Settings sections" });
    expect(within(sections).getByRole("tab", { name: "Workflows", selected: true })).toBeTruthy();
    expect(await screen.findByRole("list", { name: "Workflows" })).toBeTruthy();
  });
});
