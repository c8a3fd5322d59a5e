import { describe, expect, it } from "vitest";
import { parseRoute, routeHref } from "./route";

describe("hash routes", () => {
  it("parses deep links to records, lists, board and settings", () => {
    expect(parseRoute("#/leads/abc123")).toEqual({ view: "record", entity: "lead", id: "abc123" });
    expect(parseRoute("#/leads/abc123/edit")).toEqual({ view: "record", entity: "lead", id: "abc123", edit: true });
    expect(parseRoute("#/opportunities")).toEqual({ view: "list", entity: "opportunity" });
    expect(parseRoute("#/board")).toEqual({ view: "board" });
    expect(parseRoute("#/pipeline")).toEqual({ view: "board" });
    expect(parseRoute("#/settings/audit")).toEqual({ view: "settings", section: "audit" });
    expect(parseRoute("#/settings/nonsense")).toEqual({ view: "settings", section: "forms" });
    expect(parseRoute("")).toEqual({ view: "list", entity: "lead" });
    expect(parseRoute("#/approvals")).toEqual({ view: "approvals" });
    expect(parseRoute(routeHref.approvals("ask"))).toEqual({ view: "approvals", ask: true });
    expect(parseRoute(routeHref.raci())).toEqual({ view: "raci" });
  });
  it("builds the links it parses", () => {
    expect(parseRoute(routeHref.record("case", "c 1"))).toEqual({ view: "record", entity: "case", id: "c 1" });
  });
});
