/**
 * Starts Azurite's table service inside this process, so `npm start` needs no
 * Docker and no second terminal. `require("azurite")` pulls in vscode, so the
 * table server is loaded from its own module path.
 */
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

export interface EmbeddedAzurite {
  /** Connection string for the well-known development account. */
  connectionString: string;
  url: string;
  close(): Promise<void>;
}

const devAccount = "devstoreaccount1";
const devKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** `dataDir` undefined keeps everything in memory (tests); otherwise data survives restarts. */
export async function startEmbeddedAzurite(options: { dataDir?: string; host?: string; port?: number } = {}): Promise<EmbeddedAzurite> {
  const TableServer = (require("azurite/dist/src/table/TableServer") as { default: new (config: unknown) => AzuriteServer }).default;
  const TableConfiguration = (require("azurite/dist/src/table/TableConfiguration") as { default: new (...args: unknown[]) => unknown }).default;
  const inMemory = options.dataDir === undefined;
  if (!inMemory) await mkdir(options.dataDir!, { recursive: true });
  const dbPath = inMemory ? "crm-table-db.json" : path.join(options.dataDir!, "__azurite_db_table__.json");
  const config = new TableConfiguration(
    options.host ?? "127.0.0.1",
    options.port ?? 0,
    5,
    dbPath,
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    false, // skip api version check
    "",
    "",
    "",
    undefined,
    false,
    inMemory,
  );
  const server = new TableServer(config);
  await server.start();
  const url = `${server.getHttpServerAddress()}/${devAccount}`;
  return {
    url,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devKey};TableEndpoint=${url};`,
    // Closing the Loki store saves it: nothing of the last autosave interval is lost on a clean shutdown.
    close: () => server.close(),
  };
}
