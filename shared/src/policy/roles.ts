import type { ConfigPermission, EntityGrants, EntityType, RoleDefinition, Scope } from "./model.js";
import { configPermissions } from "./model.js";

const grants = (scope: Partial<Record<keyof EntityGrants, Scope>>): EntityGrants => ({
  create: "none",
  read: "none",
  update: "none",
  delete: "none",
  assign: "none",
  export: "none",
  ...scope,
});

const everything = grants({ create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" });
const ownWork = grants({ create: "all", read: "own", update: "own", delete: "own", export: "own" });
const nothing = grants({});
const readAll = grants({ read: "all", export: "all" });

const sameForAll = (g: EntityGrants): { [E in EntityType]: EntityGrants } => ({ lead: g, opportunity: g, case: g });

/**
 * The two built-in roles, exactly as "CRM As A Service" describes them (seed 003):
 * the Owner sees and configures everything; a Member works only the records they
 * created (here: own) and configures nothing.
 */
export const ownerRole: RoleDefinition = {
  id: "owner",
  name: "Owner",
  description: "Sees every lead, opportunity and case, and configures users, forms, pipelines, workflows and email sync.",
  builtIn: true,
  entities: sameForAll(everything),
  config: [...configPermissions],
  fields: {},
};

export const memberRole: RoleDefinition = {
  id: "member",
  name: "Member",
  description: "Logs and works their own leads, opportunities and cases; sees no one else's records and no configuration.",
  builtIn: true,
  entities: sameForAll(ownWork),
  config: [],
  fields: {},
};

export const builtInRoles: readonly RoleDefinition[] = [ownerRole, memberRole];

interface PersonaTemplate {
  id: string;
  name: string;
  description: string;
  /** Which seed document the persona comes from, for the curious reader. */
  source: string;
  entities: { [E in EntityType]: EntityGrants };
  config: ConfigPermission[];
  fields?: RoleDefinition["fields"];
}

/** Starting points for custom roles, drawn from the role catalogues in the seeds. */
export const personaTemplates: readonly PersonaTemplate[] = [
  {
    id: "administrator",
    name: "Administrator",
    description: "Manages users, permissions and customisation; audits data for integrity.",
    source: "seeds 000, 001",
    entities: sameForAll(everything),
    config: [...configPermissions],
  },
  {
    id: "sales-rep",
    name: "Sales Rep",
    description: "Works their own leads and opportunities from first contact to close.",
    source: "seeds 001, 002",
    entities: { lead: ownWork, opportunity: ownWork, case: grants({ read: "own" }) },
    config: [],
  },
  {
    id: "sales-manager",
    name: "Sales Manager",
    description: "Coaches a sales team: sees and reassigns the team's leads and opportunities.",
    source: "seed 000",
    entities: {
      lead: grants({ create: "all", read: "team", update: "team", delete: "own", assign: "team", export: "team" }),
      opportunity: grants({ create: "all", read: "team", update: "team", delete: "own", assign: "team", export: "team" }),
      case: grants({ read: "team" }),
    },
    config: [],
  },
  {
    id: "customer-service-rep",
    name: "Customer Service Rep",
    description: "Resolves the cases assigned to them and logs every interaction.",
    source: "seeds 001, 002",
    entities: { lead: nothing, opportunity: nothing, case: ownWork },
    config: [],
  },
  {
    id: "customer-service-manager",
    name: "Customer Service Manager",
    description: "Runs customer service: routes and escalates the team's cases.",
    source: "seed 000",
    entities: {
      lead: nothing,
      opportunity: nothing,
      case: grants({ create: "all", read: "team", update: "team", delete: "own", assign: "team", export: "team" }),
    },
    config: [],
  },
  {
    id: "marketing-manager",
    name: "Marketing Manager",
    description: "Brings in and segments leads; reads the pipeline to measure campaigns.",
    source: "seeds 000, 001",
    entities: {
      lead: grants({ create: "all", read: "all", update: "all", export: "all" }),
      opportunity: grants({ read: "all", export: "all" }),
      case: nothing,
    },
    config: [],
    fields: { opportunity: { amount: "read" } },
  },
  {
    id: "data-analyst",
    name: "Data Analyst",
    description: "Reads and exports everything to report on trends; changes nothing.",
    source: "seeds 001, 004",
    entities: sameForAll(readAll),
    config: ["audit"],
  },
  {
    id: "crm-manager",
    name: "CRM Manager",
    description: "Accountable for the system: permissions, integrations, data clean-up and training.",
    source: "seed 004",
    entities: sameForAll(everything),
    config: ["usersAndRoles", "forms", "emailSync", "audit"],
  },
  {
    id: "sales-ops-lead",
    name: "Sales Ops Lead",
    description: "Keeps leads and deals moving: stages, assignment, pipelines and sales workflows.",
    source: "seed 004",
    entities: {
      lead: grants({ create: "all", read: "all", update: "all", assign: "all", export: "all" }),
      opportunity: grants({ create: "all", read: "all", update: "all", assign: "all", export: "all" }),
      case: grants({ read: "all" }),
    },
    config: ["pipelines", "workflows", "forms"],
  },
  {
    id: "support-liaison",
    name: "Support Liaison",
    description: "Makes sure every support interaction is logged; routes cases to the right person.",
    source: "seed 004",
    entities: {
      lead: nothing,
      opportunity: grants({ read: "all" }),
      case: grants({ create: "all", read: "all", update: "all", assign: "all", export: "all" }),
    },
    config: [],
  },
];

export const findPersonaTemplate = (id: string): PersonaTemplate | undefined => personaTemplates.find((template) => template.id === id);
