import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeServer, ownerMe } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import { FormPreview } from "./form-preview";

describe("the form editor's live preview", () => {
  it("renders the fields as the create dialog does, and takes input", async () => {
    renderWithSession(
      <FormPreview
        entity="lead"
        fields={[
          { key: "name", label: "Name", type: "text", required: true, order: 0 },
          { key: "status", label: "Status", type: "choice", required: false, order: 1, options: ["New", "Won"] },
        ]}
      />,
      fakeServer(),
      ownerMe,
    );
    const preview = await screen.findByLabelText("Live preview");
    expect(within(preview).getByText("What people see when they create a lead.")).toBeTruthy();
    const name = within(preview).getByRole<HTMLInputElement>("textbox", { name: /Name/ });
    expect(name.required).toBe(true);
    fireEvent.change(name, { target: { value: "Ada" } });
    expect(name.value).toBe("Ada");
  });
});
