import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { aRecord } from "../../testing/api-fixtures";
import { fakeServer, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import type { RecordHeaderProps } from "./record-header";
import { RecordHeader } from "./record-header";

const record = aRecord("lead", { id: "lead0000000000000001", updatedBy: "max" });

function show(props: Partial<RecordHeaderProps>) {
  renderWithSession(<RecordHeader entity="lead" record={record} title="Northwind" ownerName="Olivia Owner" busy={false} {...props} />, fakeServer(ownerMe), ownerMe);
}

describe("a record's header", () => {
  it("names the record, its owner and who changed it last", async () => {
    show({});
    expect(screen.getByRole("heading", { level: 1, name: "Northwind" }).id).toBe("record-title");
    expect(await screen.findByText(/^Lead · owned by Olivia Owner · last changed by Max Member on /)).toBeTruthy();
  });

  it("offers only the actions it is given, none while busy", () => {
    const onEdit = vi.fn();
    show({ onEdit, onDelete: vi.fn() });
    expect(screen.queryByRole("button", { name: "Convert to opportunity" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Edit" }));
    expect(onEdit).toHaveBeenCalledOnce();
  });

  it("disables them while a change runs", () => {
    show({ onEdit: vi.fn(), onConvert: vi.fn(), onDelete: vi.fn(), busy: true });
    for (const name of ["Edit", "Convert to opportunity", "Delete"]) expect(screen.getByRole("button", { name })).toHaveProperty("disabled", true);
  });
});
