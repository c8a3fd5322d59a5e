import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { CrmRecord } from "../../api/types";
import { fakeServer, json, memberMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import { RecordDialog } from "./record-dialog";

const lead: CrmRecord = {
  id: "lead0000000000000001",
  entity: "lead",
  ownerId: "max",
  createdBy: "max",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  updatedBy: "max",
  etag: 'W/"v1"',
  name: "Northwind",
  budgetOwner: "Dana",
};

describe("RecordDialog", () => {
  it("puts the server's field errors on the right field and focuses it", async () => {
    const server = fakeServer(memberMe).on(
      "POST /api/leads",
      json(400, { error: { code: "invalid_input", message: "Some fields are not valid.", details: { fields: [{ field: "fields.budgetOwner", message: "Budget owner is required." }] } } }),
    );
    renderWithSession(<RecordDialog entity="lead" onSaved={vi.fn()} onClose={vi.fn()} />, server, memberMe);
    fireEvent.change(await screen.findByRole("textbox", { name: /^Name/ }), { target: { value: "Northwind" } });
    fireEvent.click(screen.getByRole("button", { name: "Create lead" }));
    const budget = await screen.findByRole("textbox", { name: /Budget owner/ });
    await waitFor(() => expect(budget.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Budget owner is required.")).toBeTruthy();
    expect(screen.getByText("Some fields need your attention.")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(budget));
    expect(server.callsTo("POST", "/api/leads")[0]!.body).toEqual({ name: "Northwind" });
  });

  it("on 412 shows theirs next to mine and overwrites only after review, with the new ETag", async () => {
    const latest = { ...lead, etag: 'W/"v2"', budgetOwner: "Sam", updatedAt: "2026-11-02T10:00:00Z", updatedBy: "olivia" };
    const onSaved = vi.fn();
    let patches = 0;
    const server = fakeServer(memberMe)
      .on("PATCH /api/leads/lead0000000000000001", (call) => {
        patches += 1;
        return call.headers["if-match"] === 'W/"v2"'
          ? json(200, { ...latest, ...(call.body as object), etag: 'W/"v3"' })
          : json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } });
      })
      .on("GET /api/leads/lead0000000000000001", json(200, latest));
    renderWithSession(<RecordDialog entity="lead" record={lead} onSaved={onSaved} onClose={vi.fn()} />, server, memberMe);
    fireEvent.change(await screen.findByRole("textbox", { name: /Budget owner/ }), { target: { value: "Lee" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByText("Olivia Owner changed this record");
    expect(screen.getByRole("columnheader", { name: "Saved by Olivia Owner" })).toBeTruthy();
    expect(screen.getByRole("cell", { name: "Sam" })).toBeTruthy();
    expect(screen.getByRole("cell", { name: "Lee" })).toBeTruthy();
    expect(onSaved).not.toHaveBeenCalled();
    expect(patches).toBe(1);

    fireEvent.click(screen.getByRole("button", { name: "Overwrite with mine" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const last = server.callsTo("PATCH", "/api/leads/")[1]!;
    expect(last.headers["if-match"]).toBe('W/"v2"');
    expect(last.body).toEqual({ budgetOwner: "Lee" });
  });

  it("on 412 can reload theirs instead, discarding my edit", async () => {
    const latest = { ...lead, etag: 'W/"v2"', budgetOwner: "Sam", updatedBy: "" };
    const server = fakeServer(memberMe)
      .on("PATCH /api/leads/lead0000000000000001", json(412, { error: { code: "precondition_failed", message: "Changed." } }))
      .on("GET /api/leads/lead0000000000000001", json(200, latest));
    renderWithSession(<RecordDialog entity="lead" record={lead} onSaved={vi.fn()} onClose={vi.fn()} />, server, memberMe);
    fireEvent.change(await screen.findByRole("textbox", { name: /Budget owner/ }), { target: { value: "Lee" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    // The latest version does not say who saved it: the review cannot name anyone.
    expect(await screen.findByText("Someone else changed this record")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Reload theirs" }));
    expect(screen.getByRole<HTMLInputElement>("textbox", { name: /Budget owner/ }).value).toBe("Sam");
    expect(screen.queryByText("Someone else changed this record")).toBeNull();
  });
});
