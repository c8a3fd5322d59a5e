/**
 * The one error type of the product. Every failure a user can see is an AppError
 * with a stable code; the HTTP status comes from one exhaustive map, so adding a
 * code without a status does not compile.
 */
type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "step_up_required"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "precondition_required"
  | "idempotency_key_reused"
  | "rate_limited"
  | "consent_required"
  | "unavailable"
  | "internal";

const statusByCode: { readonly [C in ErrorCode]: number } = {
  invalid_input: 400,
  unauthenticated: 401,
  step_up_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  idempotency_key_reused: 422,
  rate_limited: 429,
  consent_required: 403,
  unavailable: 503,
  internal: 500,
};

/** A field that failed validation, named by its path in the input (`fields.email`). */
export interface FieldProblem {
  field: string;
  message: string;
}

interface ErrorDetails {
  fields?: FieldProblem[];
  reason?: string;
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  /** Text for logs only; never sent to a client or a chat. */
  readonly logMessage: string | undefined;
  /** A `WWW-Authenticate` challenge the answer carries (a step-up's claims challenge). */
  readonly wwwAuthenticate: string | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetails; logMessage?: string; cause?: unknown; wwwAuthenticate?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = statusByCode[code];
    this.details = options.details;
    this.logMessage = options.logMessage;
    this.wwwAuthenticate = options.wwwAuthenticate;
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const invalidInput = (fields: FieldProblem[], message = "Some fields are not valid."): AppError => new AppError("invalid_input", message, { details: { fields } });

export const notFound = (what = "record"): AppError => new AppError("not_found", `That ${what} does not exist or you do not have access to it.`);

export const forbidden = (reason: string): AppError => new AppError("forbidden", `You are not allowed to do this: ${reason}`, { details: { reason } });

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
