/**
 * Access governance over HTTP. Setting approval policies and conflict rules needs
 * "approve access" (declared here, enforced before validation); asking for and
 * deciding requests needs only a sign-in, because the service asks the policy
 * library who may decide each request (four eyes, the policy's approvers).
 */
import type { ApprovalPolicy } from "../../policy/access-approval.js";
import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { Power } from "../../policy/separation-of-duties.js";
import type { TenantConflictRule } from "../../services/access-rules-service.js";
import type { Stored } from "../../storage/access-repository.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import {
  AccessRequestInput,
  AccessRequestOutput,
  ApprovalPolicyInput,
  ApprovalPolicyOutput,
  ConflictRuleInput,
  ConflictRuleOutput,
  DecisionInput,
  GrantOutput,
  HeldConflictOutput,
  RequestListQuery,
  RequestParams,
  RoleParams,
  RuleParams,
  EvidenceOutput,
  EvidenceQuery,
  ReviewCampaignDetailOutput,
  ReviewCampaignInput,
  ReviewCampaignOutput,
  ReviewDecisionInput,
  ReviewItemOutput,
  ReviewItemParams,
  ReviewParams,
} from "../contract/access-governance.js";
import { ListOf } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

/** Without the change bookkeeping, arrays as the wire schema has them (mutable copies). */
const publicPolicy = ({ changeIds: _c, approvers, ...policy }: Stored<ApprovalPolicy>) => ({
  ...policy,
  approvers: approvers.kind === "owners" ? approvers : { kind: approvers.kind, roleIds: [...approvers.roleIds] },
});
const publicRule = ({ powers, ...rule }: TenantConflictRule) => ({ ...rule, powers: [powers[0], powers[1]] as [Power, Power] });

export function registerAccessGovernanceRoutes(app: Router, services: CrmServices): void {
  const tags = ["access governance"];
  const { accessRules: rules, accessRequests: requests, accessReviews: reviews } = services;

  app.get(
    "/api/access/policies",
    {
      config: { requires: requires.signedIn() },
      schema: { tags, summary: "Which roles need approval, and how (everyone may read them, to know what a request needs)", response: { 200: ListOf(ApprovalPolicyOutput), ...errorResponses(401) } },
    },
    async (request) => ({ items: (await rules.policies(actorOf(request).actor.tenantId)).map(publicPolicy) }),
  );

  app.put(
    "/api/access/policies/:roleId",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "access.policy.save")) },
      schema: { tags, summary: "Set a role's approval policy", params: RoleParams, body: ApprovalPolicyInput, response: { 200: ApprovalPolicyOutput, ...errorResponses(400, 401, 403, 404, 412) } },
    },
    async (request, reply) => {
      const saved = await rules.savePolicy(actorOf(request).actor, request.params.roleId, request.body, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, publicPolicy(saved));
    },
  );

  app.delete(
    "/api/access/policies/:roleId",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "access.policy.delete")) },
      schema: { tags, summary: "Stop needing approval for a role", params: RoleParams, response: { ...noContent("Removed"), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await rules.deletePolicy(actorOf(request).actor, request.params.roleId);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/access/conflict-rules",
    {
      config: { requires: requires.config("approveAccess", "access.rules") },
      schema: { tags, summary: "Separation-of-duties rules: the ready examples and your own", response: { 200: ListOf(ConflictRuleOutput), ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: (await rules.rules(actorOf(request).actor.tenantId)).map(publicRule) }),
  );

  app.post(
    "/api/access/conflict-rules",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "access.rule.save")) },
      schema: { tags, summary: "Add a separation-of-duties rule", body: ConflictRuleInput, response: { 201: ConflictRuleOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const saved = await rules.saveRule(actorOf(request).actor, request.body);
      return sendWithEtag(reply, 201, saved.etag, publicRule(saved));
    },
  );

  app.put(
    "/api/access/conflict-rules/:ruleId",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "access.rule.save")) },
      schema: {
        tags,
        summary: "Change a rule, or switch an example on or off",
        params: RuleParams,
        body: ConflictRuleInput,
        response: { 200: ConflictRuleOutput, ...errorResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const saved = await rules.saveRule(actorOf(request).actor, request.body, request.params.ruleId, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, publicRule(saved));
    },
  );

  app.delete(
    "/api/access/conflict-rules/:ruleId",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "access.rule.delete")) },
      schema: { tags, summary: "Delete your own rule (an example goes back to as shipped, off)", params: RuleParams, response: { ...noContent("Deleted"), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await rules.deleteRule(actorOf(request).actor, request.params.ruleId);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/access/conflicts",
    {
      config: { requires: requires.config("approveAccess", "access.conflicts") },
      schema: { tags, summary: "Who holds powers a rule keeps apart, today", response: { 200: ListOf(HeldConflictOutput), ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: await rules.conflictReport(actorOf(request).actor) }),
  );

  app.get(
    "/api/access/requests",
    {
      config: { requires: requires.signedIn() },
      schema: { tags, summary: "Access requests: your inbox, your own, or all", querystring: RequestListQuery, response: { 200: ListOf(AccessRequestOutput), ...errorResponses(400, 401, 403) } },
    },
    async (request) => ({ items: await requests.list(actorOf(request).actor, request.query.view ?? "inbox") }),
  );

  app.post(
    "/api/access/requests",
    {
      config: { requires: requires.signedIn() },
      schema: {
        tags,
        summary: "Ask for a role, for yourself or (managing users) for someone else",
        body: AccessRequestInput,
        response: { 201: AccessRequestOutput, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await requests.request(actorOf(request).actor, request.body)),
  );

  app.get(
    "/api/access/requests/:requestId",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "One access request", params: RequestParams, response: { 200: AccessRequestOutput, ...errorResponses(401, 404) } } },
    async (request) => requests.get(actorOf(request).actor, request.params.requestId),
  );

  app.post(
    "/api/access/requests/:requestId/decision",
    {
      // Who may decide is the policy's answer per request (four eyes, its approvers); deciding asks a recent multi-factor sign-in.
      config: { requires: requires.stepUp(requires.signedIn()) },
      schema: { tags, summary: "Approve or deny a request", params: RequestParams, body: DecisionInput, response: { 200: AccessRequestOutput, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => requests.decide(actorOf(request).actor, request.params.requestId, request.body.outcome, request.body.comment),
  );

  app.post(
    "/api/access/requests/:requestId/withdraw",
    {
      config: { requires: requires.signedIn() },
      schema: { tags, summary: "Withdraw a pending request", params: RequestParams, response: { 200: AccessRequestOutput, ...errorResponses(401, 403, 404, 409) } },
    },
    async (request) => requests.withdraw(actorOf(request).actor, request.params.requestId),
  );

  app.get(
    "/api/access/grants",
    {
      config: { requires: requires.signedIn() },
      schema: { tags, summary: "Time-bound grants: all of them for who manages users or approves access, your own otherwise", response: { 200: ListOf(GrantOutput), ...errorResponses(401) } },
    },
    async (request) => ({ items: await requests.grants(actorOf(request).actor) }),
  );

  app.get(
    "/api/access/reviews",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "Access reviews you oversee or review in", response: { 200: ListOf(ReviewCampaignOutput), ...errorResponses(401) } } },
    async (request) => ({ items: await reviews.list(actorOf(request).actor) }),
  );

  app.post(
    "/api/access/reviews",
    {
      config: { requires: requires.stepUp(requires.all(requires.config("approveAccess", "review.start"), requires.config("usersAndRoles", "review.start"))) },
      schema: { tags, summary: "Start an access review", body: ReviewCampaignInput, response: { 201: ReviewCampaignOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await reviews.start(actorOf(request).actor, { ...request.body, repeatQuarterly: request.body.repeatQuarterly ?? false })),
  );

  app.get(
    "/api/access/reviews/:reviewId",
    {
      config: { requires: requires.signedIn() },
      schema: { tags, summary: "An access review with the people under review", params: ReviewParams, response: { 200: ReviewCampaignDetailOutput, ...errorResponses(401, 404) } },
    },
    async (request) => reviews.get(actorOf(request).actor, request.params.reviewId),
  );

  app.post(
    "/api/access/reviews/:reviewId/people/:userId/decision",
    {
      config: { requires: requires.signedIn() },
      schema: {
        tags,
        summary: "Keep, remove the reviewed roles, or deactivate",
        params: ReviewItemParams,
        body: ReviewDecisionInput,
        response: { 200: ReviewItemOutput, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => reviews.decide(actorOf(request).actor, request.params.reviewId, request.params.userId, request.body.outcome, request.body.comment),
  );

  app.get(
    "/api/access/reviews/:reviewId/evidence",
    {
      config: { requires: requires.stepUp(requires.config("approveAccess", "review.export")) },
      schema: {
        tags,
        summary: "The review's results as evidence: who decided what, when and why (JSON, or CSV with ?format=csv)",
        params: ReviewParams,
        querystring: EvidenceQuery,
        response: {
          200: { description: "JSON (EvidenceOutput) or CSV", content: { "application/json": { schema: EvidenceOutput }, "text/csv": { schema: Type.String() } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { actor } = actorOf(request);
      if (request.query.format === "csv") {
        const { csv } = await reviews.evidenceCsv(actor, request.params.reviewId);
        reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="access-review-${request.params.reviewId}.csv"`);
        return csv;
      }
      reply.header("Content-Disposition", `attachment; filename="access-review-${request.params.reviewId}.json"`);
      return reviews.evidence(actor, request.params.reviewId);
    },
  );
}
