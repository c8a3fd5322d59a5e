import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Pipeline } from "../../../api/types";
import { fakeServer, json, ownerMe, pipelines } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import PipelinesEditor from "./pipelines-editor";

describe("pipelines editor", () => {
  it("removes a saved stage only after choosing where its opportunities go", async () => {
    const server = fakeServer(ownerMe).on("DELETE /api/config/pipelines/default/stages/proposal", json(200, { moved: 2 }));
    renderWithSession(<PipelinesEditor />, server, ownerMe);
    fireEvent.click(await screen.findByRole("button", { name: "Remove Proposal" }));
    expect(await screen.findByText("Remove the stage “Proposal”?")).toBeTruthy();
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Move its opportunities to" }).value).toBe("prospecting");
    fireEvent.click(screen.getByRole("button", { name: "Remove stage" }));
    await waitFor(() => expect(server.callsTo("DELETE", "/api/config/pipelines/default/stages/proposal")[0]?.path).toBe("/api/config/pipelines/default/stages/proposal?targetStageId=prospecting"));
  });

  it("saves edited probabilities and won/lost flags with the pipeline's ETag", async () => {
    const server = fakeServer(ownerMe).on("PUT /api/config/pipelines/default", (call) => json(200, { ...pipelines[0], ...(call.body as object), etag: "p2" }));
    renderWithSession(<PipelinesEditor />, server, ownerMe);
    fireEvent.change(await screen.findByRole("spinbutton", { name: "Proposal probability" }), { target: { value: "60" } });
    fireEvent.click(screen.getByRole("button", { name: "Save pipeline" }));
    await screen.findByText("Pipeline “Sales” saved.");
    const put = server.callsTo("PUT", "/api/config/pipelines/default")[0]!;
    expect(put.headers["if-match"]).toBe("p1");
    expect((put.body as Pipeline).stages.find((stage) => stage.id === "proposal")).toMatchObject({ probability: 60, won: false, lost: false });
  });
});
