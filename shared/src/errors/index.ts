/** `@crm/shared/errors`: the one error type; what a user is told comes from its code and message only. */
export type { FieldProblem } from "./app-error.js";
export { AppError, forbidden, invalidInput, isAppError, notFound } from "./app-error.js";
