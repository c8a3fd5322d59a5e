/**
 * Microsoft Graph with the app's own permission (client credentials through MSAL), for
 * the roster reconciliation: a group's member changes (groups delta) and whether a
 * user's account is enabled. Only Graph's own links on the configured Graph origin are
 * followed.
 */
import { AppError } from "../errors/app-error.js";
import { confidentialClientFor, type EntraAppClientConfig } from "./graph-on-behalf-of.js";

type GraphAppConfig = EntraAppClientConfig & { graphBaseUrl?: string };

export interface GroupMemberChanges {
  added: { userId: string; displayName?: string; email?: string }[];
  removed: string[];
  /** Where the next call starts; the first call (no link) lists every member as added. */
  deltaLink: string;
  /** True when this was a full listing (no delta link was given). */
  full: boolean;
}

export interface GraphAppDirectory {
  memberChanges(tenantId: string, groupId: string, deltaLink?: string): Promise<GroupMemberChanges>;
  /** Undefined when the user is gone from the directory. */
  accountEnabled(tenantId: string, userId: string): Promise<boolean | undefined>;
}

const graphScope = "https://graph.microsoft.com/.default";
const unavailable = (logMessage: string) => new AppError("unavailable", "Microsoft 365 could not be reached for the roster; it is tried again later.", { logMessage });

interface DeltaPage {
  value?: { id?: string; "members@delta"?: { id?: string; "@odata.type"?: string; "@removed"?: unknown; displayName?: string; mail?: string }[] }[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

class GraphApp implements GraphAppDirectory {
  private readonly base: string;

  constructor(private readonly config: GraphAppConfig) {
    this.base = (config.graphBaseUrl ?? "https://graph.microsoft.com/v1.0").replace(/\/+$/, "");
  }

  private async token(tenantId: string): Promise<string> {
    try {
      const result = await confidentialClientFor(this.config, tenantId).acquireTokenByClientCredential({ scopes: [graphScope] });
      if (!result?.accessToken) throw unavailable("client credentials returned no token");
      return result.accessToken;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unavailable(`client credentials failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async get<T>(tenantId: string, url: string): Promise<{ status: number; body?: T }> {
    if (new URL(url).origin !== new URL(this.base).origin) throw unavailable(`link off the Graph origin: ${url}`);
    const response = await fetch(url, { headers: { authorization: `Bearer ${await this.token(tenantId)}`, accept: "application/json" } });
    if (response.status === 404) return { status: 404 };
    if (!response.ok) throw unavailable(`graph ${response.status}`);
    return { status: response.status, body: (await response.json()) as T };
  }

  async memberChanges(tenantId: string, groupId: string, deltaLink?: string): Promise<GroupMemberChanges> {
    const changes: GroupMemberChanges = { added: [], removed: [], deltaLink: "", full: !deltaLink };
    let next: string | undefined = deltaLink ?? `${this.base}/groups/delta?$filter=${encodeURIComponent(`id eq '${groupId}'`)}&$select=members`;
    for (let pages = 0; next && pages < 100; pages += 1) {
      const { body }: { body?: DeltaPage } = await this.get<DeltaPage>(tenantId, next);
      for (const group of body?.value ?? []) {
        if (group.id?.toLowerCase() !== groupId) continue;
        for (const member of group["members@delta"] ?? []) {
          if (!member.id || (member["@odata.type"] && member["@odata.type"] !== "#microsoft.graph.user")) continue;
          const userId = member.id.toLowerCase();
          if (member["@removed"]) changes.removed.push(userId);
          else changes.added.push({ userId, ...(member.displayName ? { displayName: member.displayName } : {}), ...(member.mail ? { email: member.mail } : {}) });
        }
      }
      if (body?.["@odata.deltaLink"]) changes.deltaLink = body["@odata.deltaLink"];
      next = body?.["@odata.nextLink"];
    }
    return changes;
  }

  async accountEnabled(tenantId: string, userId: string): Promise<boolean | undefined> {
    const { status, body } = await this.get<{ accountEnabled?: boolean }>(tenantId, `${this.base}/users/${encodeURIComponent(userId)}?$select=id,accountEnabled`);
    if (status === 404) return undefined;
    return body?.accountEnabled !== false;
  }
}

export function createGraphAppDirectory(config: GraphAppConfig): GraphAppDirectory {
  return new GraphApp(config);
}
