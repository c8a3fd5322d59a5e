import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { PipelineReport, SummaryReport } from "../../api/types";
import { fakeServer, json, memberMe, ownerMe, pipelines } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import DashboardView from "./dashboard-view";

// The charts' data, not Chart.js (no canvas here): each chart is its summary label.
vi.mock("./bar-chart", () => ({
  BarChart: (props: { title: string; series: { labels: string[]; values: number[] } }) => (
    <div role="img" aria-label={`${props.title}: ${props.series.labels.map((label, index) => `${label} ${props.series.values[index]}`).join(", ")}`} />
  ),
}));

const stage = (stageId: string, name: string, amount: number, extra: Partial<PipelineReport["stages"][number]> = {}) => ({
  stageId,
  name,
  probability: 50,
  won: false,
  lost: false,
  count: amount ? 1 : 0,
  amount,
  weighted: amount / 2,
  ...extra,
});

const pipelineReport = (owner: "me" | "all", overrides: Partial<PipelineReport> = {}): PipelineReport => ({
  pipelineId: "default",
  name: "Sales",
  stages: [stage("prospecting", "Prospecting", owner === "all" ? 1000 : 100), stage("proposal", "Proposal", 0), stage("won", "Closed won", 400, { won: true })],
  open: { count: 1, amount: owner === "all" ? 1000 : 100, weighted: owner === "all" ? 500 : 50 },
  won: { count: 1, amount: 400 },
  currencies: ["EUR"],
  truncated: false,
  amountsHidden: false,
  ...overrides,
});

const summary = (overrides: Partial<SummaryReport> = {}): SummaryReport => ({
  leadsByStatus: [
    { value: "Qualified", count: 3 },
    { value: "(none)", count: 1 },
  ],
  leadsBySource: [],
  casesByPriority: [{ value: "High", count: 2 }],
  casesByStatus: [],
  truncated: false,
  ...overrides,
});

function reportsServer(me = ownerMe) {
  return fakeServer(me)
    .on("GET /api/reports/pipeline?pipelineId=default&owner=all", json(200, pipelineReport("all")))
    .on("GET /api/reports/pipeline?pipelineId=default&owner=me", json(200, pipelineReport("me")))
    .on(
      "GET /api/reports/forecast",
      json(200, {
        months: [
          { month: "2026-12", count: 1, amount: 1000, weighted: 500 },
          { month: "unscheduled", count: 1, amount: 10, weighted: 1 },
        ],
        truncated: false,
      }),
    )
    .on("GET /api/reports/summary", json(200, summary()));
}

describe("DashboardView", () => {
  it("charts the server's reports, never pages through records", async () => {
    const server = reportsServer();
    renderWithSession(<DashboardView />, server, ownerMe);
    expect(await screen.findByRole("img", { name: "Pipeline value by stage (Sales): Prospecting 1000, Proposal 0, Closed won 400" })).toBeTruthy();
    expect(await screen.findByRole("img", { name: "Weighted forecast by close month: 2026-12 500, No date 1" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Leads by status: New 0, Qualified 3, Not set 1" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Cases by priority: High 2" })).toBeTruthy();
    expect(screen.getByText(/Based on everyone's records/)).toBeTruthy();
    expect(server.calls.filter((call) => /^\/api\/(leads|opportunities|cases)/.test(call.path))).toEqual([]);
    expect(screen.queryByRole("combobox", { name: "Pipeline" })).toBeNull();
    expect(screen.queryByText(/several currencies/)).toBeNull();
  });

  it("lets someone who may read everything narrow it to their own records", async () => {
    const server = reportsServer();
    renderWithSession(<DashboardView />, server, ownerMe);
    await screen.findByRole("img", { name: /Prospecting 1000/ });
    fireEvent.click(screen.getByRole("radio", { name: "Mine" }));
    expect(await screen.findByRole("img", { name: /Prospecting 100,/ })).toBeTruthy();
    expect(screen.getByText(/Based on your records/)).toBeTruthy();
    expect(server.callsTo("GET", "/api/reports/forecast").map((call) => call.path)).toEqual(["/api/reports/forecast?owner=all", "/api/reports/forecast?owner=me"]);
    expect(server.callsTo("GET", "/api/reports/summary").at(-1)!.path).toBe("/api/reports/summary?owner=me");
  });

  it("offers a Member no owner choice", async () => {
    const server = reportsServer(memberMe);
    renderWithSession(<DashboardView />, server, memberMe);
    await screen.findByRole("img", { name: /Pipeline value by stage/ });
    expect(screen.queryByRole("radio", { name: "Mine" })).toBeNull();
    expect(screen.getByText(/Based on your records/)).toBeTruthy();
  });

  it("picks among several pipelines and says when sums mix currencies or are incomplete", async () => {
    const second = { id: "renewals", name: "Renewals", isDefault: false, etag: "p2", stages: [{ id: "due", name: "Due", probability: 80, won: false, lost: false }] };
    const server = reportsServer()
      .on("GET /api/config/pipelines", json(200, { items: [...pipelines, second] }))
      .on(
        "GET /api/reports/pipeline?pipelineId=renewals&owner=all",
        json(200, pipelineReport("all", { pipelineId: "renewals", name: "Renewals", stages: [stage("due", "Due", 70)], currencies: ["EUR", "USD"], truncated: true })),
      );
    renderWithSession(<DashboardView />, server, ownerMe);
    const picker = await screen.findByRole("combobox", { name: "Pipeline" });
    await screen.findByRole("img", { name: /Pipeline value by stage \(Sales\)/ });
    fireEvent.change(picker, { target: { value: "renewals" } });
    expect(await screen.findByRole("img", { name: "Pipeline value by stage (Renewals): Due 70" })).toBeTruthy();
    expect(screen.getByText(/several currencies \(EUR, USD\)/)).toBeTruthy();
    expect(screen.getByText(/cover only part of them/)).toBeTruthy();
  });

  it("shows what went wrong when a report fails", async () => {
    const server = reportsServer().on("GET /api/reports/summary", json(503, { error: { code: "unavailable", message: "Reports are resting." } }));
    renderWithSession(<DashboardView />, server, ownerMe);
    expect((await screen.findByRole("alert")).textContent).toContain("Reports are resting.");
    await waitFor(() => expect(screen.queryByText("Loading the dashboard…")).toBeNull());
  });
});
