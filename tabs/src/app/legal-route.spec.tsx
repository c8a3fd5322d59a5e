import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./app";
import { legalPageOf } from "./legal-route";

afterEach(() => {
  window.location.hash = "";
});

describe("privacy and terms (the manifest's privacyUrl and termsOfUseUrl)", () => {
  it("are the #/privacy and #/terms routes only", () => {
    expect(legalPageOf("#/privacy")).toBe("privacy");
    expect(legalPageOf("#/terms")).toBe("terms");
    expect(legalPageOf("#/leads")).toBeUndefined();
    expect(legalPageOf("")).toBeUndefined();
  });

  it("show without signing in, and follow the hash", async () => {
    window.location.hash = "#/privacy";
    render(<App detectHost={async () => null} />);
    expect(await screen.findByRole("heading", { name: "Privacy" })).toBeTruthy();
    expect(screen.getByText(/own Azure Storage account/)).toBeTruthy();
    expect(screen.getByRole("heading", { name: "No third parties" })).toBeTruthy();
    await act(async () => {
      window.location.hash = "#/terms";
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
    expect(await screen.findByRole("heading", { name: "Terms of use" })).toBeTruthy();
  });
});
