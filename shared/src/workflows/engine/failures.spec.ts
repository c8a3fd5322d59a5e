import { describe, expect, it } from "vitest";
import { AppError, forbidden, invalidInput, notFound } from "../../errors/app-error.js";
import { failureMessage, isPermanent } from "./failures.js";

describe("failures", () => {
  it("a refusal, a missing thing or bad input is permanent; a busy service or an unexpected error is worth a retry", () => {
    expect([invalidInput([]), forbidden("no"), notFound("lead"), new AppError("conflict", "taken")].map(isPermanent)).toEqual([true, true, true, true]);
    expect([new AppError("unavailable", "busy"), new Error("ECONNRESET"), "odd"].map(isPermanent)).toEqual([false, false, false]);
  });

  it("says the app's own errors as they are, with the fields they name", () => {
    const log: unknown[] = [];
    expect(failureMessage(invalidInput([{ field: "amount", message: "Must be a number." }], "Not valid."), (...entry) => log.push(entry), "job")).toBe("Not valid. amount: Must be a number.");
    expect(log).toEqual([]);
  });

  it("keeps an unexpected error's text out of what users read, logging it under a reference", () => {
    const log: [string, unknown][] = [];
    const raw = new Error("connect ECONNREFUSED 10.1.2.3:443 AccountKey=c2VjcmV0");
    const message = failureMessage(raw, (text, error) => log.push([text, error]), "e|change|wf");
    expect(message).toMatch(/^Unexpected failure \(reference [0-9a-f]{8}\)\. The details are in the server log\.$/);
    expect(message).not.toContain("ECONNREFUSED");
    const reference = /reference ([0-9a-f]{8})/.exec(message)![1]!;
    expect(log).toEqual([[`workflow job e|change|wf failed unexpectedly (reference ${reference})`, raw]]);
  });
});
