import { describe, expect, it } from "vitest";
import type { Role } from "../../../api/types";
import { FakeServer, json } from "../../../testing/fake-server";
import type { FormWork } from "./save-form";
import { saveFormWork } from "./save-form";

const all = { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" } as const;
const role = (id: string, etag: string): Role => ({ id, name: id, description: "", builtIn: false, entities: { lead: all, opportunity: all, case: all }, config: [], fields: {}, etag });
const fields = [{ key: "name", label: "Name", type: "text" as const, required: true, order: 0 }];
const work = (change: Partial<FormWork> = {}): FormWork => ({
  entity: "lead",
  fields,
  formEtag: "form-1",
  roles: [role("rep", "rep-1"), role("analyst", "analyst-1")],
  changes: { rep: { name: "read" } },
  ...change,
});
const stale = json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } });

describe("saving the form editor's work", () => {
  it("sends the form, then each changed role, each with the ETag it was read with", async () => {
    const server = new FakeServer().on("PUT /api/config/forms/lead", json(200, {})).on("PUT /api/roles/rep", json(200, {}));
    expect(await saveFormWork(server.client(), work())).toEqual({ kind: "saved" });
    expect(server.calls.map((call) => [call.method, call.path, call.headers["if-match"]])).toEqual([
      ["PUT", "/api/config/forms/lead", "form-1"],
      ["PUT", "/api/roles/rep", "rep-1"],
    ]);
  });

  it("stops at the form when someone else saved it, so no role changes over it", async () => {
    const server = new FakeServer().on("PUT /api/config/forms/lead", stale);
    expect(await saveFormWork(server.client(), work())).toEqual({ kind: "conflict", at: "form" });
    expect(server.callsTo("PUT", "/api/roles")).toEqual([]);
  });

  it("names the role that someone else saved, and sends no form again once it is saved", async () => {
    const server = new FakeServer().on("PUT /api/roles/rep", stale);
    expect(await saveFormWork(server.client(), work({ formEtag: false }))).toEqual({ kind: "conflict", at: "role", roleId: "rep" });
    expect(server.callsTo("PUT", "/api/config/forms")).toEqual([]);
  });

  it("lets any other failure through for the editor to show", async () => {
    const server = new FakeServer().on("PUT /api/config/forms/lead", json(403, { error: { code: "forbidden", message: "Only Owners edit forms." } }));
    await expect(saveFormWork(server.client(), work())).rejects.toThrow("Only Owners edit forms.");
  });
});
