/**
 * The one door to Azure Table Storage. Connects by connection string, by endpoint
 * with a managed identity, or to an embedded Azurite; creates the tables at start.
 */
import { createHash } from "node:crypto";
import { TableClient, TableServiceClient } from "@azure/data-tables";
import type { TableServiceClientOptions } from "@azure/data-tables";
import { DefaultAzureCredential } from "@azure/identity";
import { startEmbeddedAzurite } from "./embedded-azurite.js";
import type { EmbeddedAzurite } from "./embedded-azurite.js";

export const tableNames = {
  records: "crmrecords",
  notes: "crmnotes",
  config: "crmconfig",
  audit: "crmaudit",
  bot: "crmbot",
  leases: "crmleases",
  work: "crmwork",
  quality: "crmquality",
  mail: "crmmail",
} as const;
export type TableKey = keyof typeof tableNames;

export interface StorageOptions {
  connectionString?: string;
  endpoint?: string;
  /** Embedded Azurite data folder; ignored when a connection string or endpoint is set. */
  dataDir?: string;
  /** Embedded Azurite without persistence (tests). */
  inMemory?: boolean;
}

/**
 * Storage that is gone answers fast: one retry after 200 ms (the SDK's default is three,
 * backing off for seconds), each try at most `storageTryTimeoutMs`. A request then fails
 * within about ten seconds at worst, and at once when the connection is refused; the API
 * answers 503 with Retry-After (api/error-handler.ts), and the client retries.
 */
const boundedRetries = { retryOptions: { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 } };
const storageTryTimeoutMs = 5_000;

export class TableStore {
  private readonly clients = new Map<string, TableClient>();
  private readonly createdTables = new Set<string>();
  /** Round trips made to storage since start, for the benchmark. */
  roundTrips = 0;

  private constructor(
    private readonly makeClient: (table: string) => TableClient,
    private readonly service: TableServiceClient,
    private readonly embedded: EmbeddedAzurite | undefined,
    readonly description: string,
  ) {}

  static async open(options: StorageOptions): Promise<TableStore> {
    let store: TableStore;
    if (options.connectionString) {
      const clientOptions = { ...boundedRetries, ...insecureIfLocal(options.connectionString) };
      store = new TableStore(
        (table) => TableClient.fromConnectionString(options.connectionString!, table, clientOptions),
        TableServiceClient.fromConnectionString(options.connectionString, clientOptions),
        undefined,
        "connection string",
      );
    } else if (options.endpoint) {
      const credential = new DefaultAzureCredential();
      store = new TableStore(
        (table) => new TableClient(options.endpoint!, table, credential, boundedRetries),
        new TableServiceClient(options.endpoint, credential, boundedRetries),
        undefined,
        "managed identity",
      );
    } else {
      const embedded = await startEmbeddedAzurite(options.inMemory ? {} : { dataDir: options.dataDir ?? ".data" });
      const clientOptions = { ...boundedRetries, allowInsecureConnection: true };
      store = new TableStore(
        (table) => TableClient.fromConnectionString(embedded.connectionString, table, clientOptions),
        TableServiceClient.fromConnectionString(embedded.connectionString, clientOptions),
        embedded,
        options.inMemory ? "embedded Azurite (in memory)" : `embedded Azurite (${options.dataDir ?? ".data"})`,
      );
    }
    await Promise.all(Object.values(tableNames).map((name) => store.ensureTable(name)));
    return store;
  }

  /** The embedded Azurite's connection string, when there is one (tests and bench read it). */
  get embeddedConnectionString(): string | undefined {
    return this.embedded?.connectionString;
  }

  table(key: TableKey): TableClient {
    return this.client(tableNames[key]);
  }

  client(name: string): TableClient {
    let client = this.clients.get(name);
    if (!client) {
      client = this.makeClient(name);
      client.pipeline.addPolicy({
        name: "countRoundTrips",
        sendRequest: (request, next) => {
          this.roundTrips += 1;
          // Storage that hangs fails the try after this long, instead of holding the request open.
          if (!request.timeout) request.timeout = storageTryTimeoutMs;
          return next(request);
        },
      });
      this.clients.set(name, client);
    }
    return client;
  }

  async ensureTable(name: string): Promise<void> {
    if (this.createdTables.has(name)) return;
    // createTable ignores "already exists", so any number of instances may race here.
    await this.client(name).createTable();
    this.createdTables.add(name);
  }

  async health(): Promise<boolean> {
    try {
      // A health probe answers fast: no long retry loop when storage is gone.
      await this.table("config")
        .getEntity("health", "probe", { abortSignal: AbortSignal.timeout(2_000) })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.embedded?.close();
  }
}

function insecureIfLocal(connectionString: string): TableServiceClientOptions {
  const local = /UseDevelopmentStorage=true|127\.0\.0\.1|localhost/i.test(connectionString);
  return local ? { allowInsecureConnection: true } : {};
}

/**
 * Each (tenant, owner) pair gets an index table of its own, so that a Member's
 * "my records" list reads only that Member's rows, however large the tenant grows
 * (Azurite answers any filter by scanning the whole table).
 */
export function ownerIndexTableName(tenantId: string, ownerId: string): string {
  return `ix${createHash("sha256").update(`${tenantId}\n${ownerId}`).digest("hex").slice(0, 40)}`;
}

export const isStatus = (error: unknown, status: number): boolean => typeof error === "object" && error !== null && (error as { statusCode?: number }).statusCode === status;
