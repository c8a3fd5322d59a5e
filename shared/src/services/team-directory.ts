/**
 * The members of a Teams team, read from Microsoft Graph on behalf of the signed-in
 * Owner. Only Graph's own paging links on the configured Graph origin are followed.
 */
import type { GraphTokenProvider } from "../auth/graph-on-behalf-of.js";
import type { VerifiedIdentity } from "../auth/identity.js";
import { AppError } from "../errors/app-error.js";

export interface TeamMember {
  userId: string;
  displayName: string;
  email: string;
  isTeamOwner: boolean;
}

export interface TeamDirectory {
  listMembers(identity: VerifiedIdentity, teamId: string): Promise<TeamMember[]>;
}

const maxMembers = 5_000;
const graphScopes = ["https://graph.microsoft.com/TeamMember.Read.All"];

interface GraphMember {
  userId?: string;
  displayName?: string;
  email?: string;
  roles?: string[];
}

export class GraphTeamDirectory implements TeamDirectory {
  constructor(
    private readonly tokens: GraphTokenProvider,
    private readonly graphBaseUrl = "https://graph.microsoft.com/v1.0",
  ) {}

  async listMembers(identity: VerifiedIdentity, teamId: string): Promise<TeamMember[]> {
    const token = await this.tokens.acquireGraphToken(identity, graphScopes);
    const origin = new URL(this.graphBaseUrl).origin;
    const members: TeamMember[] = [];
    let next: string | undefined = `${this.graphBaseUrl}/teams/${encodeURIComponent(teamId)}/members`;
    while (next && members.length < maxMembers) {
      if (new URL(next).origin !== origin) throw new AppError("unavailable", "Microsoft Teams answered in an unexpected way; try again later.", { logMessage: `paging link off origin: ${next}` });
      const response = await fetch(next, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
      if (response.status === 404) throw new AppError("not_found", "There is no such team, or you are not one of its members.");
      if (response.status === 403) throw new AppError("consent_required", "The CRM needs permission to read this team's members. Grant it and try again.");
      if (!response.ok) throw new AppError("unavailable", "Microsoft Teams could not list the team's members; try again later.", { logMessage: `graph ${response.status}` });
      const page = (await response.json()) as { value?: GraphMember[]; "@odata.nextLink"?: string };
      for (const member of page.value ?? []) {
        if (!member.userId) continue; // guests without a directory id cannot sign in to the tab
        members.push({
          userId: member.userId,
          displayName: member.displayName ?? member.email ?? member.userId,
          email: member.email ?? "",
          isTeamOwner: (member.roles ?? []).includes("owner"),
        });
      }
      next = page["@odata.nextLink"];
    }
    return members;
  }
}
