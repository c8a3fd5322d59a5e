/**
 * Typed fetch client for the CRM REST API: bearer token on every call, ETags sent as
 * If-Match on writes, and every failure turned into one ApiError the screens can show.
 * A sensitive action the API refuses with `step_up_required` (a recent multi-factor
 * sign-in is needed) asks the host for a token with the claims the API named, then is
 * sent once more with it; declined, it fails with a message saying nothing was done.
 */
import type {
  AuditEntry,
  AuditQuery,
  CrmRecord,
  EntityType,
  ExplainQuery,
  Explanation,
  FieldDefinition,
  ForecastReport,
  FormDefinition,
  HistoryEntry,
  LeadConversion,
  Me,
  NewUser,
  Note,
  Page,
  Pipeline,
  PipelineInput,
  PipelineReport,
  RecordListQuery,
  ReportOwner,
  Role,
  RoleInput,
  RoleTemplate,
  StageDeletion,
  SummaryReport,
  User,
  UserChanges,
} from "./types";
import { entityPaths } from "./types";

interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly reason?: string,
    /** The claims request of a `step_up_required` refusal, for the host's sign-in. */
    readonly claims?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Problems keyed by form field: `fields.email` → `email`. */
  fieldMessages(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const problem of this.fields) {
      const key = problem.field.replace(/^fields\./, "");
      byField[key] ??= problem.message;
    }
    return byField;
  }

  get isConflict(): boolean {
    return this.status === 412;
  }
}

/** A message fit for a person, whatever went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The CRM server could not be reached. Check your connection and try again.";
  return "Something went wrong. Try again.";
}

type TokenSource = () => Promise<string>;

/**
 * Gets a token for a fresh multi-factor sign-in: in Teams, single sign-on with the API's
 * claims; in dev mode, the "Confirm it's you" dialog. Resolves undefined when the user declines.
 */
export type StepUpSource = (challenge: { claims: string; message: string }) => Promise<string | undefined>;

const stepUpDeclined = "Nothing was changed: this needs you to confirm it's you with a multi-factor sign-in, and that was cancelled. Try again and confirm.";
const stepUpFailed = "Nothing was changed: signing in again to confirm it's you did not finish. Try again.";

interface Answer {
  value?: unknown;
  error?: ApiError;
}

/** A list's filters, sort and paging (`GET /api/leads` etc.); `pageSize` may be given as a number. */
export type ListQuery = Omit<RecordListQuery, "pageSize"> & { pageSize?: number | RecordListQuery["pageSize"] };

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  body?: unknown;
  etag?: string;
  query?: Query;
}

const prefetchKeptMs = 10_000;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

const retryAfterNetworkErrorMs = 500;

/** A random key for one change (`Idempotency-Key`). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class ApiClient {
  constructor(
    private readonly token: TokenSource,
    private readonly baseUrl = "",
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly stepUp?: StepUpSource,
  ) {}

  /** Reads started before the screen that needs them mounted (see `prefetch`), each taken once. */
  private readonly early = new Map<string, Promise<unknown>>();

  /**
   * Starts a GET now, so that the screen asking for the same path and query a moment
   * later gets this answer instead of waiting for a second request (the tab's cold
   * open: forms and the first list load side by side with the sign-in). Unused after
   * 10 s, it is dropped.
   */
  prefetch(path: string, query?: Query): void {
    const key = withQuery(path, query);
    if (this.early.has(key)) return;
    const answer = this.request("GET", path, query ? { query } : {});
    // A failure is seen by whoever takes the answer; left untaken, it is not an unhandled rejection.
    answer.catch(() => undefined);
    this.early.set(key, answer);
    setTimeout(() => this.early.get(key) === answer && this.early.delete(key), prefetchKeptMs);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    if (method === "GET") {
      const key = withQuery(path, options.query);
      const early = this.early.get(key);
      if (early) {
        this.early.delete(key);
        return early as Promise<T>;
      }
    }
    // One key per change, sent again by its retries: a retry after a lost answer gets the first answer, never a second record.
    const sending = { ...options, ...(method === "GET" ? {} : { idempotencyKey: newIdempotencyKey() }) };
    let answer = await this.send(method, path, sending, await this.token());
    if (answer.error?.code === "step_up_required" && this.stepUp) {
      const token = await this.stepUp({ claims: answer.error.claims ?? "", message: answer.error.message }).catch(() => null);
      if (token === null) throw new ApiError(401, "step_up_failed", stepUpFailed);
      if (token === undefined) throw new ApiError(401, "step_up_declined", stepUpDeclined);
      // Once: a token that still does not satisfy the API ends in its refusal, not in a loop of sign-ins.
      answer = await this.send(method, path, sending, token);
    }
    if (answer.error) throw answer.error;
    return answer.value as T;
  }

  private async send(method: string, path: string, options: RequestOptions & { idempotencyKey?: string }, token: string): Promise<Answer> {
    const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.etag) headers["if-match"] = options.etag;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    const init = { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) };
    const url = `${this.baseUrl}${withQuery(path, options.query)}`;
    // The network dropped (Wi-Fi, a sleeping laptop): once more after a moment, with the same key.
    const response = await this.fetchImpl(url, init).catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, retryAfterNetworkErrorMs));
      return this.fetchImpl(url, init);
    });
    if (response.status === 204) return {};
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    return response.ok ? { value: parsed } : { error: toApiError(response.status, parsed) };
  }

  me = () => this.request<Me>("GET", "/api/me");

  prefetchList = (entity: EntityType, query: ListQuery) => this.prefetch(`/api/${entityPaths[entity]}`, query);
  list = (entity: EntityType, query: ListQuery = {}) => this.request<Page<CrmRecord>>("GET", `/api/${entityPaths[entity]}`, { query: query });
  get = (entity: EntityType, id: string) => this.request<CrmRecord>("GET", `/api/${entityPaths[entity]}/${id}`);
  create = (entity: EntityType, values: Record<string, unknown>) => this.request<CrmRecord>("POST", `/api/${entityPaths[entity]}`, { body: values });
  update = (entity: EntityType, id: string, etag: string, values: Record<string, unknown>) => this.request<CrmRecord>("PATCH", `/api/${entityPaths[entity]}/${id}`, { body: values, etag });
  remove = (entity: EntityType, id: string, etag: string) => this.request<void>("DELETE", `/api/${entityPaths[entity]}/${id}`, { etag });
  assign = (entity: EntityType, id: string, etag: string, ownerId: string) => this.request<CrmRecord>("POST", `/api/${entityPaths[entity]}/${id}/assign`, { body: { ownerId }, etag });
  notes = (entity: EntityType, id: string) => this.request<Page<Note>>("GET", `/api/${entityPaths[entity]}/${id}/notes`);
  addNote = (entity: EntityType, id: string, text: string) => this.request<Note>("POST", `/api/${entityPaths[entity]}/${id}/notes`, { body: { text } });
  history = (entity: EntityType, id: string) => this.request<Page<HistoryEntry>>("GET", `/api/${entityPaths[entity]}/${id}/history`);
  convertLead = (id: string, values: Record<string, unknown> = {}) => this.request<LeadConversion>("POST", `/api/leads/${id}/convert`, { body: values });

  /** Every page of a list, up to `limit` records (the board shows every card of a pipeline). */
  async listAll(entity: EntityType, query: ListQuery = {}, limit = 1000): Promise<CrmRecord[]> {
    const items: CrmRecord[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.list(entity, { ...query, pageSize: 100, ...(continuationToken ? { continuationToken } : {}) });
      items.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken && items.length < limit);
    return items;
  }

  pipelineReport = (query: { pipelineId?: string; owner?: ReportOwner } = {}) => this.request<PipelineReport>("GET", "/api/reports/pipeline", { query });
  forecastReport = (query: { owner?: ReportOwner } = {}) => this.request<ForecastReport>("GET", "/api/reports/forecast", { query });
  summaryReport = (query: { owner?: ReportOwner } = {}) => this.request<SummaryReport>("GET", "/api/reports/summary", { query });

  forms = () => this.request<Page<FormDefinition>>("GET", "/api/config/forms");
  form = (entity: EntityType) => this.request<FormDefinition>("GET", `/api/config/forms/${entity}`);
  saveForm = (entity: EntityType, fields: FieldDefinition[], etag?: string) => this.request<FormDefinition>("PUT", `/api/config/forms/${entity}`, { body: { fields }, ...(etag ? { etag } : {}) });

  pipelines = () => this.request<Page<Pipeline>>("GET", "/api/config/pipelines");
  createPipeline = (pipeline: PipelineInput) => this.request<Pipeline>("POST", "/api/config/pipelines", { body: pipeline });
  savePipeline = (pipeline: Pipeline) =>
    this.request<Pipeline>("PUT", `/api/config/pipelines/${pipeline.id}`, {
      body: { name: pipeline.name, stages: pipeline.stages, isDefault: pipeline.isDefault },
      ...(pipeline.etag ? { etag: pipeline.etag } : {}),
    });
  deletePipeline = (id: string) => this.request<void>("DELETE", `/api/config/pipelines/${id}`);
  deleteStage = (pipelineId: string, stageId: string, targetStageId?: string) =>
    this.request<StageDeletion>("DELETE", `/api/config/pipelines/${pipelineId}/stages/${stageId}`, { query: { targetStageId } });

  users = () => this.request<Page<User>>("GET", "/api/users");
  addUser = (user: NewUser) => this.request<User>("POST", "/api/users", { body: user });
  updateUser = (userId: string, changes: UserChanges, etag?: string) => this.request<User>("PATCH", `/api/users/${encodeURIComponent(userId)}`, { body: changes, ...(etag ? { etag } : {}) });

  roles = () => this.request<Page<Role>>("GET", "/api/roles");
  roleTemplates = () => this.request<Page<RoleTemplate>>("GET", "/api/roles/templates");
  createRole = (role: RoleInput) => this.request<Role>("POST", "/api/roles", { body: role });
  /** With the ETag the role was read with, a change someone else saved meanwhile answers 412 instead of being overwritten. */
  saveRole = (id: string, role: RoleInput, etag?: string) => this.request<Role>("PUT", `/api/roles/${id}`, { body: role, ...(etag ? { etag } : {}) });
  deleteRole = (id: string) => this.request<void>("DELETE", `/api/roles/${id}`);
  explain = (query: ExplainQuery) => this.request<Explanation>("GET", "/api/access/explain", { query });

  audit = (query: Omit<AuditQuery, "pageSize"> & { pageSize?: number }) => this.request<Page<AuditEntry>>("GET", "/api/audit", { query });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const statusMessages: Record<number, string> = {
  401: "Your sign-in has expired. Sign in again.",
  403: "You do not have permission to do that.",
  404: "This item does not exist or you cannot see it.",
  412: "Someone else changed this while you were editing.",
  429: "Too many requests. Wait a moment and try again.",
  503: "The CRM is unavailable right now. Try again shortly.",
};

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: { fields?: FieldProblem[]; reason?: string; claims?: unknown } } } | undefined)?.error;
  const message = error?.message ?? statusMessages[status] ?? `The server answered ${status}.`;
  const claims = typeof error?.details?.claims === "string" ? error.details.claims : undefined;
  return new ApiError(status, error?.code ?? `http_${status}`, message, error?.details?.fields ?? [], error?.details?.reason, claims);
}
