import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FieldDefinition, Role } from "../../../api/types";
import { fakeServer, json, leadFields, ownerMe, roles } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import { EntityFormEditor } from "./forms-editor";

const baseFields = leadFields.filter((field) => field.key !== "budgetOwner");

function setup() {
  const server = fakeServer(ownerMe)
    .on("GET /api/config/forms/lead", json(200, { entity: "lead", fields: baseFields, etag: "form-1" }))
    .on("PUT /api/config/forms/lead", (call) => json(200, { entity: "lead", fields: (call.body as { fields: FieldDefinition[] }).fields, etag: "form-2" }));
  renderWithSession(<EntityFormEditor entity="lead" />, server, ownerMe);
  return server;
}

const all = { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" } as const;
const rep = (etag: string, lead: Record<string, "hidden" | "read">): Role => ({
  id: "rep",
  name: "Rep",
  description: "Sales reps",
  builtIn: false,
  entities: { lead: all, opportunity: all, case: all },
  config: [],
  fields: { lead },
  etag,
});

async function chooseCompanyAccessForRep(access: "Hidden" | "Read only") {
  fireEvent.click(await screen.findByRole("button", { name: "Edit Company" }));
  const select = screen.getByRole<HTMLSelectElement>("combobox", { name: "Rep" });
  fireEvent.change(select, { target: { value: access === "Hidden" ? "hidden" : "read" } });
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

  it("saves a role's changed visibility with the ETag the role was read with", async () => {
    const server = setup()
      .on("GET /api/roles", json(200, { items: [...roles, rep("role-1", {})] }))
      .on("PUT /api/roles/rep", (call) => json(200, { ...rep("role-2", {}), ...(call.body as object) }));
    await chooseCompanyAccessForRep("Hidden");
    fireEvent.click(screen.getByRole("button", { name: "Save form" }));
    await screen.findByText(/The lead form is saved/);
    const put = server.callsTo("PUT", "/api/roles/rep");
    expect(put).toHaveLength(1);
    expect(put[0]!.headers["if-match"]).toBe("role-1");
    expect((put[0]!.body as Role).fields.lead).toEqual({ company: "hidden" });
  });

  it("says in plain words that someone else changed the role, keeps the choice, and offers to reload or save over theirs", async () => {
    let current = rep("role-1", {});
    const server = setup()
      .on("GET /api/roles", () => json(200, { items: [...roles, current] }))
      .on("PUT /api/roles/rep", (call) =>
        call.headers["if-match"] === current.etag
          ? json(200, (current = { ...current, ...(call.body as object), etag: "role-3" }))
          : json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } }),
      );
    await chooseCompanyAccessForRep("Hidden");
    current = rep("role-2", { company: "read" });
    fireEvent.click(screen.getByRole("button", { name: "Save form" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Someone else changed the “Rep” role");
    expect(alert.textContent).toContain("your visibility choices for it are not saved yet");
    const compared = within(alert).getByRole("table", { name: "Your changes compared with the saved version" });
    expect(within(compared).getByRole("row", { name: /Rep: Company/ }).textContent).toMatch(/Read only.*Hidden/);
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Rep" }).value).toBe("hidden");
    expect(screen.getByRole("button", { name: "Save form" })).toHaveProperty("disabled", true);
    expect(server.callsTo("PUT", "/api/roles/rep").map((call) => call.headers["if-match"])).toEqual(["role-1"]);

    fireEvent.click(within(alert).getByRole("button", { name: "Overwrite with mine" }));
    await screen.findByText(/The lead form is saved/);
    expect(server.callsTo("PUT", "/api/roles/rep").map((call) => call.headers["if-match"])).toEqual(["role-1", "role-2"]);
    expect(current.fields.lead).toEqual({ company: "hidden" });
  });

  it("reloads theirs when asked", async () => {
    let current = rep("role-1", {});
    setup()
      .on("GET /api/roles", () => json(200, { items: [...roles, current] }))
      .on("PUT /api/roles/rep", json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } }));
    await chooseCompanyAccessForRep("Hidden");
    current = rep("role-2", { company: "read" });
    fireEvent.click(screen.getByRole("button", { name: "Save form" }));
    fireEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "Reload theirs" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    fireEvent.click(screen.getByRole("button", { name: "Edit Company" }));
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Rep" }).value).toBe("read");
  });

  it("never offers to remove the field that names the record", async () => {
    setup();
    await screen.findByRole("button", { name: "Remove Company" });
    expect(screen.queryByRole("button", { name: "Remove Name" })).toBeNull();
  });
});
