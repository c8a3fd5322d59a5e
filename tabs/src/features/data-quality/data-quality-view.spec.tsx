import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { QualityFinding, QualityFindingList } from "./data-quality-api";
import { fakeServer, json, memberMe, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import DataQualityView from "./data-quality-view";

// The chart's data, not Chart.js (no canvas here).
vi.mock("../dashboard/bar-chart", () => ({
  BarChart: (props: { title: string; series: { labels: string[]; values: number[] } }) => (
    <div role="img" aria-label={`${props.title}: ${props.series.labels.map((label, index) => `${label} ${props.series.values[index]}`).join(", ")}`} />
  ),
}));

const finding = (overrides: Partial<QualityFinding> = {}): QualityFinding => ({
  entity: "lead",
  recordId: "a".repeat(19),
  key: "duplicateEmail",
  rule: "duplicateEmail",
  ruleLabel: "Same email as another record",
  fields: ["email"],
  message: "1 other lead has the same email.",
  state: "open",
  foundAt: "2026-11-20T09:00:00Z",
  updatedAt: "2026-11-20T09:00:00Z",
  ownerId: "max",
  related: [],
  recordTitle: "Ada Lovelace",
  ...overrides,
});
const listOf = (items: QualityFinding[]): QualityFindingList => ({
  items,
  counts: {
    total: items.length,
    open: items.length,
    byRule: { duplicateEmail: items.filter((item) => item.rule === "duplicateEmail").length, staleLead: items.filter((item) => item.rule === "staleLead").length },
  },
  trend: [
    { day: "2026-11-19", found: 0, resolved: 0 },
    { day: "2026-11-20", found: items.length, resolved: 0 },
  ],
  truncated: false,
});

describe("Data quality", () => {
  it("says so in words when there is nothing to fix", async () => {
    renderWithSession(<DataQualityView />, fakeServer(memberMe).on("GET /api/data-quality/findings", json(200, listOf([]))), memberMe);
    expect(await screen.findByText("No open findings here. Data looks clean.")).toBeTruthy();
  });

  it("shows counts, the trend, each finding with a link to its record, and filters by rule, owner and age", async () => {
    const server = fakeServer(ownerMe)
      .on(
        "GET /api/data-quality/findings",
        json(
          200,
          listOf([
            finding(),
            finding({ recordId: "b".repeat(19), key: "staleLead", rule: "staleLead", ruleLabel: "Open lead without activity", message: "No activity for 40 days.", recordTitle: "Grace" }),
          ]),
        ),
      )
      .on("GET /api/data-quality/findings?rule=staleLead&owner=me&olderThanDays=30", json(200, listOf([])));
    renderWithSession(<DataQualityView />, server, ownerMe);
    const card = await screen.findByRole("article", { name: "Same email as another record: Ada Lovelace" });
    expect(within(card).getByRole("link", { name: "Ada Lovelace" }).getAttribute("href")).toBe(`#/leads/${"a".repeat(19)}`);
    expect(within(card).getByText(/owner Max Member/)).toBeTruthy();
    const counts = screen.getByRole("list", { name: "Open findings per rule" });
    expect(within(counts).getByText("Same email: 1")).toBeTruthy();
    expect(within(counts).getByText("Lead without activity: 1")).toBeTruthy();
    expect(screen.getByRole("img", { name: "Findings found per day: 11-19 0, 11-20 2" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Rule"), { target: { value: "staleLead" } });
    fireEvent.change(screen.getByLabelText("Owner"), { target: { value: "me" } });
    fireEvent.change(screen.getByLabelText("Age"), { target: { value: "30" } });
    expect(await screen.findByText("No open findings here. Data looks clean.")).toBeTruthy();
    expect(server.callsTo("GET", "/api/data-quality/findings?rule=staleLead&owner=me&olderThanDays=30")).toHaveLength(1);
  });

  it("dismisses with a reason, shows a refusal's words, and reads the list again", async () => {
    let reads = 0;
    const path = `/api/data-quality/findings/lead/${"a".repeat(19)}/duplicateEmail/dismiss`;
    const server = fakeServer(memberMe)
      .on("GET /api/data-quality/findings", () => json(200, listOf(++reads === 1 ? [finding()] : [])))
      .on(`POST ${path}`, json(200, finding({ state: "dismissed", reason: "Shared mailbox" })));
    renderWithSession(<DataQualityView />, server, memberMe);
    const card = await screen.findByRole("article", { name: "Same email as another record: Ada Lovelace" });
    fireEvent.click(within(card).getByRole("button", { name: "Dismiss" }));
    const confirm = within(card).getByRole("button", { name: "Dismiss finding" });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(card).getByLabelText(/Why is this not a problem/), { target: { value: "  Shared mailbox " } });
    fireEvent.click(confirm);
    expect(await screen.findByText("Dismissed: 1 other lead has the same email.")).toBeTruthy();
    await waitFor(() => expect(server.callsTo("POST", path)[0]?.body).toEqual({ reason: "Shared mailbox" }));
    expect(await screen.findByText("No open findings here. Data looks clean.")).toBeTruthy();
    expect(reads).toBe(2);
  });

  it("shows the server's words when the list cannot be read", async () => {
    renderWithSession(
      <DataQualityView />,
      fakeServer(memberMe).on("GET /api/data-quality/findings", json(503, { error: { code: "unavailable", message: "Storage is not answering. Try again in a moment." } })),
      memberMe,
    );
    expect(await screen.findByText("Storage is not answering. Try again in a moment.")).toBeTruthy();
    expect(screen.queryByText("Loading findings…")).toBeNull();
  });
});
