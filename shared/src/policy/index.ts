/**
 * `@crm/shared/policy`: the one role-policy library, pure. Who may do what on which
 * record and field, the built-in roles, and what an API route or bot command requires.
 */
export type { Actor, ConfigPermission, EntityType, RecordAction, ResourceRef, RoleDefinition } from "./model.js";
export { configLabels, entityLabels, entityPaths, entityTypes, recordActions } from "./model.js";
export { decideConfig, decideGrant, decideOnEntity, decideOnRecord, fieldAccess } from "./decide.js";
export { effectivePermissions } from "./effective.js";
export { builtInRoles, memberRole, ownerRole, personaTemplates } from "./roles.js";
export type { Requirement } from "./requirement.js";
export { describeRequirement, entityAttempt, requires } from "./requirement.js";
export type { Conflict, ConflictRule, GrantCheck, Power } from "./separation-of-duties.js";
export { checkRoleGrant, conflictExamples, conflictsOf, describePower } from "./separation-of-duties.js";
export type { AccessDecision, AccessRequest, ApprovalPolicy, RequestStatus } from "./access-approval.js";
export { approvalLimits, checkApprovalPolicy, checkRequest, defaultApprovalPolicy, decideApproval, decideWithdrawal, statusAt, withDecision } from "./access-approval.js";
export type { RaciChart, RaciLetter, RaciTask } from "./raci.js";
export { checkRaciChart, defaultRaciChart, raciLetters, raciTaskKeys } from "./raci.js";
