import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeServer, json, memberMe, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import type { RaciChart, RaciTask } from "./raci-api";
import { keyFor } from "./raci-api";
import RaciView from "./raci-view";

const cleanup: RaciTask = {
  key: "dataCleanup",
  name: "Data cleanup",
  description: "Duplicates and stale records.",
  assignments: [
    { ref: "analysts", letter: "R", roleName: "Analysts" },
    { ref: "owner", letter: "A", roleName: "Owner" },
    { ref: "everyone", letter: "I", roleName: "Everyone" },
  ],
  responsible: [{ userId: "ana", displayName: "Ana Analyst", fallback: false }],
  accountable: [{ userId: "olivia", displayName: "Olivia Owner", fallback: false }],
  reviewDue: true,
};
const chart = (extra: Partial<RaciChart> = {}): RaciChart => ({
  version: 3,
  etag: 'W/"3"',
  tasks: [cleanup],
  roles: [
    { ref: "everyone", name: "Everyone" },
    { ref: "owner", name: "Owner" },
    { ref: "analysts", name: "Analysts" },
  ],
  canEdit: true,
  canEditTasks: true,
  ...extra,
});
const cell = (role: string, shown: string) => screen.getByRole("button", { name: `Data cleanup, ${role}: ${shown}` });

describe("Responsibilities", () => {
  it("shows a Member the matrix and whom to ask, read only: a letter key changes nothing and there is no save", async () => {
    const server = fakeServer(memberMe).on("GET /api/raci", json(200, chart({ canEdit: false, canEditTasks: false })));
    renderWithSession(<RaciView />, server, memberMe);
    const grid = await screen.findByRole("grid", { name: "Responsibilities" });
    expect(within(grid).getByText("Ask: Ana Analyst")).toBeTruthy();
    expect(within(grid).getByText("Accountable: Olivia Owner")).toBeTruthy();
    expect(within(grid).getByText("Quarterly review due")).toBeTruthy();
    fireEvent.keyDown(cell("Owner", "Accountable"), { key: "r" });
    expect(cell("Owner", "Accountable")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save changes" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Mark reviewed" })).toBeNull();
    expect(screen.queryByRole("textbox", { name: /Name of task/ })).toBeNull();
  });

  it("moves with the arrow keys, sets a cell with a letter key, clears it with Delete, and saves with the ETag read", async () => {
    const server = fakeServer(ownerMe)
      .on("GET /api/raci", json(200, chart()))
      .on("PUT /api/raci", json(200, chart({ version: 4, etag: 'W/"4"' })));
    renderWithSession(<RaciView />, server, ownerMe);
    await screen.findByRole("grid");
    const everyone = cell("Everyone", "Informed");
    expect(everyone.tabIndex).toBe(0);
    expect(cell("Owner", "Accountable").tabIndex).toBe(-1);
    everyone.focus();
    fireEvent.keyDown(everyone, { key: "ArrowRight" });
    await waitFor(() => expect(document.activeElement).toBe(cell("Owner", "Accountable")));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    await waitFor(() => expect(document.activeElement).toBe(cell("Analysts", "Responsible")));
    fireEvent.keyDown(document.activeElement!, { key: "c" });
    expect(cell("Analysts", "Consulted")).toBeTruthy();
    fireEvent.keyDown(cell("Analysts", "Consulted"), { key: "Home" });
    await waitFor(() => expect(document.activeElement).toBe(cell("Everyone", "Informed")));
    fireEvent.keyDown(document.activeElement!, { key: "Delete" });
    expect(cell("Everyone", "no part")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(server.callsTo("PUT", "/api/raci")).toHaveLength(1));
    const put = server.callsTo("PUT", "/api/raci")[0]!;
    expect(put.headers["if-match"]).toBe('W/"3"');
    expect(put.body).toEqual({ tasks: [{ key: "dataCleanup", name: "Data cleanup", description: "Duplicates and stale records.", assignments: { analysts: "C", owner: "A" } }] });
    expect(await screen.findByText("Responsibilities saved.")).toBeTruthy();
  });

  it("sets a cell from its menu, and shows the chart's problems in words", async () => {
    const server = fakeServer(ownerMe)
      .on("GET /api/raci", json(200, chart()))
      .on(
        "PUT /api/raci",
        json(400, {
          error: {
            code: "invalid_input",
            message: "The responsibilities chart cannot be saved.",
            details: { fields: [{ field: "tasks.0.assignments", message: '"Data cleanup" has 2 Accountable roles (Owner, Analysts): exactly one role makes the final call.' }] },
          },
        }),
      );
    renderWithSession(<RaciView />, server, ownerMe);
    await screen.findByRole("grid");
    fireEvent.click(cell("Analysts", "Responsible"));
    fireEvent.click(await screen.findByRole("menuitem", { name: "A: Accountable" }));
    expect(cell("Analysts", "Accountable")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain('"Data cleanup" has 2 Accountable roles (Owner, Analysts)');
  });

  it("says when someone else saved meanwhile (412) and reloads", async () => {
    const server = fakeServer(ownerMe)
      .on("GET /api/raci", json(200, chart()))
      .on("PUT /api/raci", json(412, { error: { code: "precondition_failed", message: "Someone else changed the responsibilities chart since you loaded it." } }));
    renderWithSession(<RaciView />, server, ownerMe);
    await screen.findByRole("grid");
    fireEvent.keyDown(cell("Everyone", "Informed"), { key: "c" });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText(/Someone else changed the responsibilities since you loaded them/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(server.callsTo("GET", "/api/raci")).toHaveLength(2));
  });

  it("lets an Owner add, rename and remove tasks, and the Accountable mark the review done", async () => {
    const reviewed: RaciTask = { ...cleanup, reviewDue: false, lastReview: { at: "2026-12-02T10:00:00Z", by: "Olivia Owner" } };
    const server = fakeServer(ownerMe).on("GET /api/raci", json(200, chart())).on("POST /api/raci/tasks/dataCleanup/review", json(200, reviewed)).on("PUT /api/raci", json(200, chart()));
    renderWithSession(<RaciView />, server, ownerMe);
    await screen.findByRole("grid");
    fireEvent.click(screen.getByRole("button", { name: "Mark reviewed" }));
    expect(await screen.findByText("Reviewed this quarter by Olivia Owner")).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "New task" }), { target: { value: "Email sync" } });
    fireEvent.click(screen.getByRole("button", { name: "Add task" }));
    fireEvent.change(screen.getByRole("textbox", { name: "Name of task 1" }), { target: { value: "Tidying" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove Email sync" }));
    fireEvent.change(screen.getByRole("textbox", { name: "New task" }), { target: { value: "Newsletters" } });
    fireEvent.keyDown(screen.getByRole("textbox", { name: "New task" }), { key: "Enter" });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(server.callsTo("PUT", "/api/raci")).toHaveLength(1));
    const body = server.callsTo("PUT", "/api/raci")[0]!.body as { tasks: { key: string; name: string }[] };
    expect(body.tasks.map((task) => `${task.key}:${task.name}`)).toEqual(["dataCleanup:Tidying", "newsletters:Newsletters"]);
  });

  it("makes stable keys for new tasks from their names", () => {
    expect(keyFor("Email sync", [])).toBe("emailSync");
    expect(keyFor("Email sync", ["emailSync"])).toBe("emailSync2");
    expect(keyFor("2nd look!", [])).toBe("ndLook");
    expect(keyFor("!!!", [])).toBe("task");
  });
});
