/** How a failed action reads in runs and dead letters (which users read), and whether a retry could help. */
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors/app-error.js";

/** Errors a retry cannot fix: the definition or the record no longer allows the action. */
export const isPermanent = (error: unknown): boolean => error instanceof AppError && [400, 403, 404, 409, 413].includes(error.status);

/**
 * The failure in words. An unexpected error's own text may hold storage or network
 * details: it is logged with a short reference, and only the reference is stored.
 */
export function failureMessage(error: unknown, log: (message: string, error: unknown) => void, jobKey: string): string {
  if (!(error instanceof AppError)) {
    const reference = randomUUID().replace(/-/g, "").slice(0, 8);
    log(`workflow job ${jobKey} failed unexpectedly (reference ${reference})`, error);
    return `Unexpected failure (reference ${reference}). The details are in the server log.`;
  }
  const fields = error.details?.fields ?? [];
  return fields.length === 0 ? error.message : `${error.message} ${fields.map((problem) => `${problem.field}: ${problem.message}`).join(" ")}`;
}
