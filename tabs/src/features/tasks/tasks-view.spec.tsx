import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Shell } from "../../app/shell";
import { fakeServer, json, memberMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import type { WorkflowTask } from "./tasks-api";
import TasksView from "./tasks-view";

const base = { userId: "max", entity: "lead" as const, workflowId: "wf0000000000000000001", createdAt: "2026-01-01T00:00:00Z" };
const overdue: WorkflowTask = { ...base, id: "a".repeat(32), kind: "reminder", title: "Follow up on Northwind", dueAt: "2020-01-01T09:00:00Z", recordId: "lead0000000000000001", done: false };
const later: WorkflowTask = { ...base, id: "b".repeat(32), kind: "task", title: "Send the Fabrikam proposal", dueAt: "2999-01-01T09:00:00Z", recordId: "lead0000000000000002", done: false };
const finished: WorkflowTask = {
  ...base,
  id: "c".repeat(32),
  kind: "task",
  title: "Call Contoso",
  dueAt: "2020-01-01T09:00:00Z",
  recordId: "lead0000000000000003",
  done: true,
  doneAt: "2020-01-02T09:00:00Z",
};

afterEach(() => {
  window.location.hash = "";
});

describe("My tasks", () => {
  it("lists open tasks soonest first with overdue ones marked, links each to its record, and ticks one off", async () => {
    const server = fakeServer(memberMe)
      .on("GET /api/tasks", json(200, { items: [later, finished, overdue] }))
      .on(`PATCH /api/tasks/${overdue.id}`, (call) => json(200, { ...overdue, done: (call.body as { done: boolean }).done, doneAt: "2026-01-02T00:00:00Z" }));
    renderWithSession(<TasksView />, server, memberMe);
    const open = await screen.findByRole("list", { name: "Open tasks" });
    const items = within(open).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("checkbox").getAttribute("aria-label"))).toEqual(["Follow up on Northwind: done", "Send the Fabrikam proposal: done"]);
    expect(within(items[0]!).getByText(/^Overdue/)).toBeTruthy();
    expect(within(items[0]!).getByText("Reminder")).toBeTruthy();
    expect(within(items[0]!).getByRole("link", { name: "Open the lead" }).getAttribute("href")).toBe("#/leads/lead0000000000000001");
    expect(screen.getByRole("heading", { name: "To do (2) · 1 overdue" })).toBeTruthy();
    expect(screen.queryByText("Call Contoso")).toBeNull();

    fireEvent.click(within(items[0]!).getByRole("checkbox"));
    await waitFor(() => expect(server.callsTo("PATCH", `/api/tasks/${overdue.id}`)[0]?.body).toEqual({ done: true }));
    expect(await screen.findByRole("heading", { name: "To do (1)" })).toBeTruthy();
    fireEvent.click(screen.getByRole("switch", { name: "Show done (2)" }));
    expect(within(screen.getByRole("list", { name: "Done tasks" })).getByText("Call Contoso")).toBeTruthy();
  });

  it("says so when there is nothing to do", async () => {
    renderWithSession(<TasksView />, fakeServer(memberMe).on("GET /api/tasks", json(200, { items: [] })), memberMe);
    expect(await screen.findByText(/Nothing to do/)).toBeTruthy();
  });

  it("shows a failure to load with a way to try again", async () => {
    let calls = 0;
    const server = fakeServer(memberMe).on("GET /api/tasks", () => (++calls === 1 ? json(503, {}) : json(200, { items: [later] })));
    renderWithSession(<TasksView />, server, memberMe);
    expect(await screen.findByText(/Your tasks could not be loaded/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Send the Fabrikam proposal")).toBeTruthy();
  });

  it("puts the undone change back when the server refuses it", async () => {
    const server = fakeServer(memberMe)
      .on("GET /api/tasks", json(200, { items: [later] }))
      .on(`PATCH /api/tasks/${later.id}`, json(404, { error: { code: "not_found", message: "There is no such task." } }));
    renderWithSession(<TasksView />, server, memberMe);
    const box = await screen.findByRole("checkbox", { name: "Send the Fabrikam proposal: done" });
    fireEvent.click(box);
    expect(await screen.findByText(/was not changed: There is no such task./)).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>("checkbox", { name: "Send the Fabrikam proposal: done" }).checked).toBe(false);
  });

  it("is in everyone's navigation", async () => {
    const server = fakeServer(memberMe)
      .on("GET /api/leads", json(200, { items: [] }))
      .on("GET /api/tasks", json(200, { items: [] }));
    renderWithSession(<Shell />, server, memberMe);
    fireEvent.click(await screen.findByRole("tab", { name: "My tasks" }));
    expect(await screen.findByRole("heading", { name: "My tasks" })).toBeTruthy();
  });
});
