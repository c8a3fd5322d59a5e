/**
 * Azurite's table service, configured once for the CRM: in memory (tests) or on a
 * data folder. `require("azurite")` pulls in vscode, so the table server is loaded
 * from its own module path. Plain JavaScript, so that a child process can run it
 * straight from the source tree (`table-process.mjs`) as well as from the build.
 */
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export const devAccount = "devstoreaccount1";
const devKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** The connection string of the well-known development account at this table endpoint. */
export function connectionStringFor(url) {
  return `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devKey};TableEndpoint=${url};`;
}

/** Starts the table service; `dataDir` undefined keeps everything in memory. Closing it saves the Loki store. */
export async function startTableServer({ dataDir, host = "127.0.0.1", port = 0 } = {}) {
  const TableServer = require("azurite/dist/src/table/TableServer").default;
  const TableConfiguration = require("azurite/dist/src/table/TableConfiguration").default;
  const inMemory = dataDir === undefined;
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const dbPath = inMemory ? "crm-table-db.json" : path.join(dataDir, "__azurite_db_table__.json");
  const config = new TableConfiguration(
    host,
    port,
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
  return { url: `${server.getHttpServerAddress()}/${devAccount}`, close: () => server.close() };
}
