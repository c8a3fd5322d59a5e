import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../../../api/types";
import { fakeServer, json, leadFields, ownerMe } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import { keyFromLabel, moveField, problemsByRow } from "./form-draft";
import { EntityFormEditor } from "./forms-editor";

const baseFields = leadFields.filter((field) => field.key !== "budgetOwner");

function setup() {
  const server = fakeServer(ownerMe)
    .on("GET /api/config/forms/lead", json(200, { entity: "lead", fields: baseFields, etag: "form-1" }))
    .on("PUT /api/config/forms/lead", (call) => json(200, { entity: "lead", fields: (call.body as { fields: FieldDefinition[] }).fields, etag: "form-2" }));
  renderWithSession(<EntityFormEditor entity="lead" />, server, ownerMe);
  return server;
}

describe("form editor", () => {
  it("adds a required field, previews it live, and saves the whole form with its ETag", async () => {
    const server = setup();
    fireEvent.click(await screen.findByRole("button", { name: "Add field" }));
    fireEvent.change(screen.getByRole("textbox", { name: /^Label/ }), { target: { value: "Budget owner" } });
    expect(screen.getByRole<HTMLInputElement>("textbox", { name: /^Key/ }).value).toBe("budgetOwner");
    fireEvent.click(screen.getByRole("switch", { name: "Required" }));
    const preview = screen.getByLabelText("Live preview");
    expect(within(preview).getByRole("textbox", { name: /Budget owner/ })).toHaveProperty("required", true);

    fireEvent.click(screen.getByRole("button", { name: "Save form" }));
    await screen.findByText(/The lead form is saved/);
    const put = server.callsTo("PUT", "/api/config/forms/lead")[0]!;
    expect(put.headers["if-match"]).toBe("form-1");
    const saved = (put.body as { fields: FieldDefinition[] }).fields;
    expect(saved.at(-1)).toMatchObject({ key: "budgetOwner", label: "Budget owner", type: "text", required: true, order: baseFields.length });
    expect(saved.map((field) => field.order)).toEqual(saved.map((_, index) => index));
  });

  it("reorders with buttons and shows the server's problem on the row", async () => {
    const server = setup().on(
      "PUT /api/config/forms/lead",
      json(400, { error: { code: "invalid_input", message: "Invalid", details: { fields: [{ field: "fields[0].options", message: "A choice field needs at least one option." }] } } }),
    );
    fireEvent.click(await screen.findByRole("button", { name: "Move Company up" }));
    const rows = within(screen.getByRole("list", { name: "Form fields in order" })).getAllByRole("listitem");
    expect(rows[0]!.textContent).toContain("Company");
    fireEvent.click(screen.getByRole("button", { name: "Save form" }));
    expect(await screen.findByText("A choice field needs at least one option.", { exact: false })).toBeTruthy();
    await waitFor(() => expect(server.callsTo("PUT", "/api/config/forms/lead")).toHaveLength(1));
  });

  it("never offers to remove the field that names the record", async () => {
    setup();
    await screen.findByRole("button", { name: "Remove Company" });
    expect(screen.queryByRole("button", { name: "Remove Name" })).toBeNull();
  });
});

describe("form draft steps", () => {
  it("derives keys from labels", () => {
    expect(keyFromLabel("Budget owner")).toBe("budgetOwner");
    expect(keyFromLabel("2nd contact e-mail")).toBe("ndContactEMail");
    expect(keyFromLabel("???")).toBe("");
  });
  it("moves within bounds only", () => {
    expect(moveField(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveField(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
  });
  it("maps server problems to rows", () => {
    expect(problemsByRow([{ field: "fields[2].key", message: "x" }, { field: "fields", message: "y" }])).toEqual({ 2: { key: "x" }, [-1]: { field: "y" } });
  });
});
