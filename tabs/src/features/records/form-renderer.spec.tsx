import { FluentProvider, teamsLightTheme } from "@fluentui/react-components";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { FieldDefinition, FieldType, FieldValue } from "../../api/types";
import { fieldTypes } from "../../api/types";
import { aUser } from "../../testing/api-fixtures";
import { FormRenderer } from "./form-renderer";
import { draftOf, payloadOf } from "./form-values";

const field = (type: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key: `f${type}`,
  label: `Field ${type}`,
  type,
  required: false,
  order: fieldTypes.indexOf(type),
  ...(type === "choice" || type === "multiChoice" ? { options: ["Red", "Blue"] } : {}),
  ...extra,
});

const allFields = fieldTypes.map((type) => field(type));

function renderForm(fields: FieldDefinition[], options: { errors?: Record<string, string>; values?: Record<string, FieldValue>; readOnly?: Set<string> } = {}) {
  const onChange = vi.fn();
  render(
    <FluentProvider theme={teamsLightTheme}>
      <FormRenderer
        fields={fields}
        values={options.values ?? draftOf(fields)}
        onChange={onChange}
        users={[aUser({ userId: "max", displayName: "Max Member", roleIds: [] })]}
        {...(options.errors ? { errors: options.errors } : {})}
        {...(options.readOnly ? { readOnly: options.readOnly } : {})}
      />
    </FluentProvider>,
  );
  return onChange;
}

describe("FormRenderer", () => {
  it("renders the right control for every field type", () => {
    renderForm(allFields);
    expect(screen.getByRole("textbox", { name: "Field text" })).toHaveProperty("type", "text");
    expect(screen.getByRole("textbox", { name: "Field longText" }).tagName).toBe("TEXTAREA");
    expect(screen.getByRole("spinbutton", { name: "Field number" })).toHaveProperty("type", "number");
    expect(screen.getByRole("spinbutton", { name: "Field currency" })).toHaveProperty("step", "0.01");
    expect(screen.getByLabelText("Field date")).toHaveProperty("type", "date");
    const choice = screen.getByRole("combobox", { name: "Field choice" });
    expect(
      within(choice)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["—", "Red", "Blue"]);
    const multi = screen.getByRole("group", { name: "Field multiChoice" });
    expect(within(multi).getAllByRole("checkbox")).toHaveLength(2);
    expect(screen.getByRole("textbox", { name: "Field email" })).toHaveProperty("type", "email");
    expect(screen.getByRole("textbox", { name: "Field phone" })).toHaveProperty("type", "tel");
    expect(screen.getByRole("textbox", { name: "Field url" })).toHaveProperty("type", "url");
    expect(within(screen.getByRole("combobox", { name: "Field user" })).getByRole("option", { name: "Max Member" })).toBeTruthy();
    expect(screen.getByRole("switch", { name: "Field boolean" })).toBeTruthy();
  });

  it("marks required fields for sighted and screen-reader users", () => {
    renderForm([field("text", { required: true, label: "Name" }), field("email", { label: "Email" })]);
    expect(screen.getByRole("textbox", { name: /Name/ })).toHaveProperty("required", true);
    expect(screen.getByRole("textbox", { name: /Email/ })).toHaveProperty("required", false);
    expect(screen.getByText("*")).toBeTruthy();
  });

  it("shows a server field error on its own field only", () => {
    renderForm([field("text", { key: "name", label: "Name" }), field("text", { key: "budgetOwner", label: "Budget owner", required: true })], {
      errors: { budgetOwner: "Budget owner is required." },
    });
    const budget = screen.getByRole("textbox", { name: /Budget owner/ });
    expect(budget.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Budget owner is required.")).toBeTruthy();
    expect(budget.getAttribute("aria-describedby")).toContain(screen.getByText("Budget owner is required.").closest("[id]")!.id);
    expect(screen.getByRole("textbox", { name: "Name" }).getAttribute("aria-invalid")).not.toBe("true");
  });

  it("groups fields by section with a legend", () => {
    renderForm([field("text", { key: "a", label: "A", section: "Contact" }), field("email", { key: "b", label: "B", section: "Deal" })]);
    expect(screen.getByRole("group", { name: "Contact" })).toBeTruthy();
    expect(within(screen.getByRole("group", { name: "Deal" })).getByRole("textbox", { name: "B" })).toBeTruthy();
  });

  it("reports changes and disables read-only fields", () => {
    const onChange = renderForm([field("text", { key: "name", label: "Name" }), field("multiChoice", { key: "tags", label: "Tags" })], { readOnly: new Set(["name"]) });
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveProperty("disabled", true);
    expect(screen.getByText("Read only for your role.")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Blue" }));
    expect(onChange).toHaveBeenCalledWith("tags", ["Blue"]);
  });
});

describe("form values", () => {
  const fields = [field("text", { key: "name" }), field("number", { key: "size" }), field("boolean", { key: "vip" }), field("multiChoice", { key: "tags" })];

  it("sends every filled field on create, numbers as numbers", () => {
    expect(payloadOf(fields, { name: " Ann ", size: "12.5", vip: false, tags: [] })).toEqual({ name: "Ann", size: 12.5, vip: false });
  });

  it("sends only what changed on update, blanks as null", () => {
    const original = { name: "Ann", size: 3, tags: ["Red"] };
    expect(payloadOf(fields, { name: "Ann", size: "", vip: false, tags: ["Red"] }, original)).toEqual({ size: null });
  });

  it("never sends read-only fields", () => {
    expect(payloadOf(fields, { name: "Bob", size: "1", vip: true, tags: [] }, { name: "Ann" }, new Set(["name"]))).toEqual({ size: 1, vip: true });
  });
});
