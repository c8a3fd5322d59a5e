/**
 * What access governance tells people in Teams, in plain words: no ids, dates as
 * people write them. Each notice has a dedupe key, so a retried job never tells
 * anyone twice.
 */
import type { AccessRequest } from "../policy/access-approval.js";
import type { Notification } from "./notifications.js";

/** Names the notices use, looked up once by the caller. */
export interface NoticeNames {
  role: string;
  subject: string;
  requester: string;
  /** Display name by user id (approvers, deciders). */
  person: (userId: string) => string;
}

export const readableDate = (iso: string): string => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const forHowLong = (request: Pick<AccessRequest, "endsAt">): string => (request.endsAt ? `until ${readableDate(request.endsAt)}` : "with no end date");

function notice(request: AccessRequest, userId: string, what: string, title: string, text: string): Notification {
  return { tenantId: request.tenantId, recipient: { kind: "user", userId }, dedupeKey: `access|${request.id}|${what}|${userId}`, title, text, accessRequestId: request.id };
}

/** To each approver: someone asks; decide from the card or the tab's Approvals. */
export function askApprover(request: AccessRequest, names: NoticeNames, approverId: string): Notification {
  const who = request.requesterId === request.subjectId ? `${names.requester} asks for the role ${names.role}` : `${names.requester} asks to give ${names.subject} the role ${names.role}`;
  const exception = request.exceptionTo?.length ? ` This is an exception to the rule ${request.exceptionTo.map((name) => `"${name}"`).join(", ")}.` : "";
  return notice(
    request,
    approverId,
    "ask",
    `Access request: ${names.role} for ${names.subject}`,
    `${who}, ${forHowLong(request)}: "${request.justification}".${exception} Approve or deny it here or in the CRM tab's Approvals.`,
  );
}

/** To the person it is for, when someone else asked: it waits for approval. */
export function requestedForYou(request: AccessRequest, names: NoticeNames): Notification {
  return notice(
    request,
    request.subjectId,
    "asked",
    `Access request for you: ${names.role}`,
    `${names.requester} asked to give you the role ${names.role}, ${forHowLong(request)}. Nothing changes until it is approved.`,
  );
}

/** To whoever asked and whoever it is for, once the request is settled. */
export function settled(request: AccessRequest, names: NoticeNames, userId: string): Notification {
  const last = request.decisions.at(-1);
  const by = last ? names.person(last.approverId) : "";
  const comment = last?.comment ? ` They said: "${last.comment}".` : "";
  switch (request.status) {
    case "approved":
      return notice(request, userId, "approved", `Access approved: ${names.role}`, `${by} approved the role ${names.role} for ${names.subject}, ${forHowLong(request)}.${comment}`);
    case "denied":
      return notice(request, userId, "denied", `Access denied: ${names.role}`, `${by} denied the role ${names.role} for ${names.subject}.${comment}`);
    case "expired":
      return notice(
        request,
        userId,
        "expired",
        `Access request expired: ${names.role}`,
        `Nobody decided the request for the role ${names.role} for ${names.subject} in time, so it expired. Ask again if it is still needed.`,
      );
    default:
      return notice(request, userId, request.status, `Access request ${request.status}: ${names.role}`, `The request for the role ${names.role} for ${names.subject} was ${request.status}.`);
  }
}

/** To the holder and the approvers, a few days before a time-bound grant ends. */
export function endingSoon(request: AccessRequest, names: NoticeNames, userId: string): Notification {
  const whose = userId === request.subjectId ? "Your role" : `${names.subject}'s role`;
  return notice(request, userId, "ending", `Access ends soon: ${names.role}`, `${whose} ${names.role} ends on ${readableDate(request.endsAt!)}. To keep it longer, ask again with a new end date.`);
}

/** To the holder and the approvers, when a time-bound grant has ended. */
export function ended(request: AccessRequest, names: NoticeNames, userId: string, kept: boolean): Notification {
  const whose = userId === request.subjectId ? "Your role" : `${names.subject}'s role`;
  const text = kept
    ? `${whose} ${names.role} reached its end date but was kept: the organisation would otherwise have no Owner. Make someone else Owner, then remove it.`
    : `${whose} ${names.role} ended on ${readableDate(request.endsAt!)}, as approved.`;
  return notice(request, userId, "ended", `Access ended: ${names.role}`, text);
}
