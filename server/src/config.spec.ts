/** Settings read from the environment: defaults, and each wrong value named with what to set. */
import { describe, expect, it } from "vitest";
import { ConfigurationError, readServerConfig } from "./config.js";

describe("retention settings", () => {
  it("default to 90 days of runs, 30 of picks, 48 hours of Idempotency-Key answers, swept hourly", () => {
    expect(readServerConfig({}).retention).toEqual({ runsDays: 90, picksDays: 30, idempotencyKeysHours: 48, sweepMinutes: 60 });
  });

  it("take whole numbers from the environment", () => {
    const config = readServerConfig({ CRM_RETENTION_RUNS_DAYS: "7", CRM_RETENTION_PICKS_DAYS: "2", CRM_RETENTION_IDEMPOTENCY_HOURS: "24", CRM_RETENTION_SWEEP_MINUTES: "5" });
    expect(config.retention).toEqual({ runsDays: 7, picksDays: 2, idempotencyKeysHours: 24, sweepMinutes: 5 });
  });

  it("refuse to start on a value that is not a whole number, or keeps answers less than the promised 24 hours", () => {
    const read = () => readServerConfig({ CRM_RETENTION_RUNS_DAYS: "soon", CRM_RETENTION_IDEMPOTENCY_HOURS: "12", CRM_RETENTION_SWEEP_MINUTES: "0" });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow('CRM_RETENTION_RUNS_DAYS must be a whole number of days, at least 1 (it is "soon").');
    expect(read).toThrow('CRM_RETENTION_IDEMPOTENCY_HOURS must be a whole number of hours, at least 24 (it is "12").');
    expect(read).toThrow('CRM_RETENTION_SWEEP_MINUTES must be a whole number of minutes, at least 1 (it is "0").');
  });
});
