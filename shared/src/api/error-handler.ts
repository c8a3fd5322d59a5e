/**
 * The one place that turns failures into responses. Clients get
 * `{ error: { code, message, details? } }` and never a stack trace or storage text.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import type { FieldProblem } from "../errors/app-error.js";
import { AppError } from "../errors/app-error.js";

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldProblems(validation: ValidationItem[], context: string | undefined): FieldProblem[] {
  return validation.map((item) => {
    const base = (item.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
    const named = item.keyword === "required" ? join(base, String(item.params?.missingProperty)) : item.keyword === "additionalProperties" ? join(base, String(item.params?.additionalProperty)) : base;
    const field = named || context || "body";
    const message =
      item.keyword === "required"
        ? "This field is required."
        : item.keyword === "additionalProperties"
          ? "This field is not accepted here."
          : `Must ${(item.message ?? "be valid").replace(/^must /, "")}.`;
    return { field, message };
  });
}

const join = (base: string, name: string): string => (base ? `${base}.${name}` : name);

const validationPlaces: Record<string, string> = { body: "request body", querystring: "query string", params: "address (a part of the path)", headers: "request headers" };

export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError & { validation?: ValidationItem[]; validationContext?: string };
  if (fastifyError.validation) {
    const where = validationPlaces[fastifyError.validationContext ?? ""] ?? "request";
    return new AppError("invalid_input", `The ${where} is not valid.`, { details: { fields: fieldProblems(fastifyError.validation, fastifyError.validationContext) } });
  }
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", "The request body is too large.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("invalid_input", "The request body is empty; send a JSON object.");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError("invalid_input", "The request body is not valid JSON.");
    case "FST_ERR_BAD_URL":
      return new AppError("invalid_input", "The address is not valid: check its escaping (%) sequences.");
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new AppError("invalid_input", "A part of the address is too long.");
    default:
      break;
  }
  if (isStorageUnreachable(error))
    return new AppError("unavailable", "The CRM cannot reach its storage just now. Try again in a few seconds.", { logMessage: `storage unavailable: ${error.message}` });
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) return new AppError("invalid_input", "The request body is not valid JSON.");
  if (fastifyError.statusCode === 429) return new AppError("rate_limited", "Too many requests; slow down and try again shortly.");
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError("invalid_input", "The request is not valid.");
  }
  return new AppError("internal", "Something went wrong on our side. Try again; if it keeps happening, tell your CRM Owner.", { logMessage: error.message, cause: error });
}

/**
 * The storage SDK's failures that are about reaching it, not about the request: no
 * answer (refused, reset, timed out) or a server error (500, 503 server busy).
 */
function isStorageUnreachable(error: Error): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  if (error.name === "RestError") return status === undefined || status >= 500;
  return error.name === "AbortError" || error.name === "TimeoutError";
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === "internal") request.log.error({ err: error }, "unhandled error");
    else if (appError.code === "unavailable" && appError.logMessage) request.log.warn(appError.logMessage);
    if (appError.status === 503) reply.header("Retry-After", "5");
    if (appError.wwwAuthenticate) reply.header("WWW-Authenticate", appError.wwwAuthenticate);
    reply.code(appError.status).type("application/json").send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const appError = new AppError("not_found", `There is no ${request.method} ${request.url.split("?")[0]} in this API.`);
    reply.code(404).send(appError.toBody());
  });
}
