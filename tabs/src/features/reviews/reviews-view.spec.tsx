import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { Shell } from "../../app/shell";
import { fakeServer, json, memberMe, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import type { AccessReview, AccessReviewDetail, AccessReviewItem } from "./reviews-api";
import ReviewsView from "./reviews-view";

const governor: Me = { ...ownerMe, permissions: { ...ownerMe.permissions, config: [...ownerMe.permissions.config, "approveAccess"] } };
const review: AccessReview = {
  id: "0mupazs00la5mqdhnab",
  name: "Q4 review",
  createdBy: { id: "olivia", name: "Olivia Owner" },
  createdAt: "2026-12-01T09:00:00Z",
  scope: { kind: "allUsers" },
  scopeRoles: [],
  reviewers: { kind: "owners" },
  reviewerRoles: [],
  dueAt: "2026-12-15T23:59:00Z",
  whenUndecided: "keep",
  repeatQuarterly: true,
  status: "open",
  progress: { decided: 1, total: 3, byReviewer: [{ id: "olivia", name: "Olivia Owner", decided: 1 }] },
  isReviewer: true,
};
const kim: AccessReviewItem = { userId: "kim", displayName: "Kim Lee", roles: ["Analyst"], isOwner: false, recordsOwned: 4, gone: false, canDecide: true, lastActiveAt: "2026-11-20T10:00:00Z" };
const detail: AccessReviewDetail = {
  ...review,
  items: [
    kim,
    {
      userId: "max",
      displayName: "Max Member",
      roles: [],
      isOwner: false,
      recordsOwned: 0,
      gone: false,
      canDecide: false,
      decision: { outcome: "keep", comment: "Still selling", by: "olivia", byName: "Olivia Owner", at: "2026-12-02T10:00:00Z", result: "kept Max Member's access" },
    },
    { userId: "leaver", displayName: "Lee Leaver", roles: ["Analyst"], isOwner: false, recordsOwned: 0, gone: true, canDecide: false },
  ],
};

afterEach(() => {
  window.location.hash = "";
});

describe("Access reviews", () => {
  it("lists reviews with their progress, and lets whoever may start one start it", async () => {
    const server = fakeServer(governor)
      .on("GET /api/access/reviews", json(200, { items: [review] }))
      .on("POST /api/access/reviews", (call) => json(201, { ...review, id: "0mupazs00la5mqdhnac", name: (call.body as { name: string }).name, progress: { decided: 0, total: 5, byReviewer: [] } }));
    renderWithSession(<ReviewsView />, server, governor);
    const list = await screen.findByRole("list", { name: "Access reviews" });
    expect(within(list).getByRole("link", { name: "Q4 review" }).getAttribute("href")).toBe("#/reviews/0mupazs00la5mqdhnab");
    expect(within(list).getByText("1 of 3 reviewed")).toBeTruthy();
    expect(within(list).getByText("Repeats every quarter")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Start a review" }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.change(within(dialog).getByRole("textbox", { name: /Name/ }), { target: { value: "Year end" } });
    fireEvent.click(within(dialog).getByRole("radio", { name: /Lose the reviewed roles/ }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Start review" }));
    await waitFor(() => expect(server.callsTo("POST", "/api/access/reviews")).toHaveLength(1));
    expect(server.callsTo("POST", "/api/access/reviews")[0]!.body).toMatchObject({
      name: "Year end",
      scope: { kind: "allUsers" },
      reviewers: { kind: "owners" },
      whenUndecided: "remove",
      repeatQuarterly: false,
    });
    expect(await screen.findByText(/“Year end” started: 5 people to review/)).toBeTruthy();
  });

  it("shows the review's problems beside their fields", async () => {
    const server = fakeServer(governor)
      .on("GET /api/access/reviews", json(200, { items: [] }))
      .on(
        "POST /api/access/reviews",
        json(400, { error: { code: "invalid_input", message: "The review cannot start.", details: { fields: [{ field: "dueAt", message: "A review lasts at most 90 days." }] } } }),
      );
    renderWithSession(<ReviewsView />, server, governor);
    expect(await screen.findByText(/No access reviews yet. Start one/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Start a review" }));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Start review" }));
    expect(await screen.findByText("A review lasts at most 90 days.")).toBeTruthy();
  });

  it("a reviewer decides about a person with a comment; decided and departed people say so", async () => {
    let decided = false;
    const server = fakeServer(ownerMe)
      .on(`GET /api/access/reviews/${review.id}`, () =>
        json(
          200,
          decided
            ? {
                ...detail,
                items: [
                  {
                    ...kim,
                    canDecide: false,
                    decision: { outcome: "removeRoles", comment: "Left analytics", by: "olivia", byName: "Olivia Owner", at: "2026-12-03T10:00:00Z", result: "removed Analyst from Kim Lee" },
                  },
                  ...detail.items.slice(1),
                ],
              }
            : detail,
        ),
      )
      .on(`POST /api/access/reviews/${review.id}/people/kim/decision`, (call) => {
        decided = true;
        return json(200, { ...kim, decision: { ...(call.body as object), by: "olivia", byName: "Olivia Owner", at: "2026-12-03T10:00:00Z", result: "removed Analyst from Kim Lee" } });
      });
    renderWithSession(<ReviewsView reviewId={review.id} />, server, ownerMe);
    const people = await screen.findByRole("list", { name: "People under review" });
    expect(within(people).getByText(/Kept by Olivia Owner .*“Still selling”/)).toBeTruthy();
    expect(within(people).getByText("No longer a user")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Download evidence" })).toBeNull();
    fireEvent.change(within(people).getByRole("textbox", { name: "Comment about Kim Lee" }), { target: { value: "Left analytics" } });
    fireEvent.click(within(within(people).getByRole("group", { name: "Decide about Kim Lee" })).getByRole("button", { name: "Remove roles" }));
    await waitFor(() => expect(server.callsTo("POST", `/api/access/reviews/${review.id}/people/kim/decision`)[0]?.body).toEqual({ outcome: "removeRoles", comment: "Left analytics" }));
    expect(await screen.findByText(/Roles removed by Olivia Owner .*“Left analytics”/)).toBeTruthy();
  });

  it("tells the reviewer when someone else decided first", async () => {
    const server = fakeServer(ownerMe)
      .on(`GET /api/access/reviews/${review.id}`, json(200, detail))
      .on(`POST /api/access/reviews/${review.id}/people/kim/decision`, json(409, { error: { code: "conflict", message: "Otto already reviewed Kim Lee on 3 Dec 2026." } }));
    renderWithSession(<ReviewsView reviewId={review.id} />, server, ownerMe);
    fireEvent.click(within(await screen.findByRole("group", { name: "Decide about Kim Lee" })).getByRole("button", { name: "Keep" }));
    expect(await screen.findByText("Kim Lee was not changed: Otto already reviewed Kim Lee on 3 Dec 2026.", { selector: "div:not([aria-live])" })).toBeTruthy();
  });

  it("is in the navigation of everyone who holds more than the Member role", async () => {
    const server = fakeServer(memberMe).on("GET /api/leads", json(200, { items: [] }));
    renderWithSession(<Shell />, server, memberMe);
    await screen.findByRole("tab", { name: "My tasks" });
    expect(screen.queryByRole("tab", { name: "Access reviews" })).toBeNull();
  });
});
