import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { CrmRecord } from "../../api/types";
import { aRecord } from "../../testing/api-fixtures";
import { fakeServer, json, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import { conflictNotice, useRecord } from "./use-record";

const lead = aRecord("lead", { id: "lead0000000000000001", name: "Northwind", etag: 'W/"v1"' });
let held: ReturnType<typeof useRecord>;

function Probe() {
  // A test probe: the test reads the hook's latest answer from outside the component.
  // eslint-disable-next-line react-hooks/globals
  held = useRecord("lead", lead.id);
  return <p>{held.record ? `${String(held.record.name)} ${held.record.etag} v${held.historyVersion}` : (held.error ?? "loading")}</p>;
}

describe("the record a detail page holds", () => {
  it("loads it, and patches it with its ETag, taking the answer and bumping the history", async () => {
    const server = fakeServer(ownerMe)
      .on(`GET /api/leads/${lead.id}`, json(200, lead))
      .on(`PATCH /api/leads/${lead.id}`, (call) => json(200, { ...lead, ...(call.body as Partial<CrmRecord>), etag: 'W/"v2"' }));
    renderWithSession(<Probe />, server, ownerMe);
    await screen.findByText(`Northwind W/"v1" v0`);
    await act(() => held.patch({ name: "Northwind EU" }, "Renamed."));
    await screen.findByText(`Northwind EU W/"v2" v1`);
    expect(held.notice).toBe("Renamed.");
    expect(server.callsTo("PATCH", `/api/leads/${lead.id}`)[0]!.headers["if-match"]).toBe('W/"v1"');
  });

  it("on a 412 says someone else changed it and reloads theirs", async () => {
    let current = lead;
    const server = fakeServer(ownerMe)
      .on(`GET /api/leads/${lead.id}`, () => json(200, current))
      .on(`PATCH /api/leads/${lead.id}`, json(412, { error: { code: "precondition_failed", message: "Changed meanwhile." } }));
    renderWithSession(<Probe />, server, ownerMe);
    await screen.findByText(`Northwind W/"v1" v0`);
    current = { ...lead, name: "Northwind (theirs)", etag: 'W/"v3"' };
    await act(() => held.patch({ name: "Mine" }, "Renamed."));
    await screen.findByText(`Northwind (theirs) W/"v3" v0`);
    expect(held.notice).toBe(conflictNotice);
    expect(held.busy).toBe(false);
  });

  it("says why it could not be loaded", async () => {
    renderWithSession(<Probe />, fakeServer(ownerMe), ownerMe);
    await waitFor(() => expect(held.error).toMatch(/No fake for GET/));
  });
});
