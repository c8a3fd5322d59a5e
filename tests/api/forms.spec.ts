/** Forms over HTTP: the document GET returns can be PUT back, and a form shows each reader only the fields they may see. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { defaultForm } from "@crm/shared/domain";

const tenantId = "forms-api";
const owner = { tenantId, userId: "owner" };
const rep = { tenantId, userId: "rep" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
  await server.call("GET", "/api/me", { as: rep });
  const role = await server.call("POST", "/api/roles", {
    as: owner,
    body: { name: "Rep without values", template: "sales-rep", fields: { lead: { value: "hidden" }, opportunity: {}, case: {} } },
  });
  expect(role.status).toBe(201);
  expect((await server.call("PATCH", "/api/users/rep", { as: owner, body: { roleIds: [role.body.id] } })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

describe("forms API", () => {
  it("takes back the document GET returned, with a change, ignoring its read-only parts", async () => {
    const read = await server.call("GET", "/api/config/forms/case", { as: owner });
    expect(read.status).toBe(200);
    const document = { ...read.body, fields: [...read.body.fields, { key: "region", label: "Region", type: "text", required: false, order: 99 }] };
    const saved = await server.call("PUT", "/api/config/forms/case", { as: owner, body: document, headers: { "if-match": read.headers.get("etag")! } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.fields.map((field: { key: string }) => field.key)).toContain("region");
    const again = await server.call("GET", "/api/config/forms/case", { as: owner });
    const roundTrip = await server.call("PUT", "/api/config/forms/case", { as: owner, body: again.body, headers: { "if-match": again.headers.get("etag")! } });
    expect(roundTrip.status, roundTrip.text).toBe(200);
  });

  it("still refuses what is not part of a form", async () => {
    const read = await server.call("GET", "/api/config/forms/case", { as: owner });
    const response = await server.call("PUT", "/api/config/forms/case", { as: owner, body: { ...read.body, secret: 1 } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.fields).toEqual([{ field: "secret", message: "This field is not accepted here." }]);
  });

  it("shows a reader only the fields their roles show, and those who manage forms all of them", async () => {
    for (const path of ["/api/config/forms/lead", "/api/config/forms"]) {
      const forRep = await server.call("GET", path, { as: rep });
      expect(forRep.status).toBe(200);
      expect(forRep.text).not.toContain("Estimated value");
      expect(forRep.text).not.toContain('"value"');
      expect(forRep.text).toContain('"company"');
      const forOwner = await server.call("GET", path, { as: owner });
      expect(forOwner.text).toContain("Estimated value");
    }
  });
});

const { call, created } = apiAs(() => server);

describe("forms and the records they validate", () => {
  const owner = { tenantId: "forms", userId: "owner" };
  const withRegion = [...defaultForm("lead"), { key: "region", label: "Region", type: "choice" as const, required: false, order: 20, options: ["North", "South"] }];

  it("removing a field keeps stored values; they come back when the field is re-added", async () => {
    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: withRegion })).status).toBe(200);
    const lead = (await created(owner, "/api/leads", { name: "Regional", region: "North" })).body;
    expect(lead.region).toBe("North");

    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: defaultForm("lead") })).status).toBe(200);
    const refused = await call(owner, "PATCH", `/api/leads/${lead.id}`, { region: "South" }, { "if-match": lead.etag });
    expect(refused.status).toBe(400);
    const edited = await call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "Elsewhere" }, { "if-match": lead.etag });
    expect(edited.status, edited.text).toBe(200);

    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: withRegion })).status).toBe(200);
    const back = await call(owner, "GET", `/api/leads/${lead.id}`);
    expect(back.body).toMatchObject({ region: "North", company: "Elsewhere" });
  });

  it("validates records against the current form", async () => {
    const required = withRegion.map((field) => (field.key === "region" ? { ...field, required: true } : field));
    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: required })).status).toBe(200);
    const missing = await call(owner, "POST", "/api/leads", { name: "No region" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toContainEqual({ field: "fields.region", message: "Region is required." });
    expect((await call(owner, "GET", "/api/config/forms/lead")).body.fields.map((field: { key: string }) => field.key)).toContain("region");
  });
});
