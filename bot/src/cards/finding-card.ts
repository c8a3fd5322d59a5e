/**
 * The card of a data-quality finding, always rendered for one reader from the
 * service's view for that reader (`dataQuality.get(reader, ...)`), so it names only
 * what they may see: the rule, the finding's own words and the record's title when
 * its field is visible to them; never a value. "Open" and "Fix" deep-link to the
 * record in the tab (Fix opens its edit form); "Dismiss" asks a reason and is an
 * `Action.Execute` the policy decides, answered with the reader's refreshed card.
 */
import type { CrmServices } from "@crm/shared/services";
import { readableDate } from "@crm/shared/services";
import type { EntityType } from "@crm/shared/policy";
import { dismissReasonLimit } from "@crm/shared/domain";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction, CardElement, SubmitData } from "./adaptive-card.js";
import { adaptiveCard, execute, facts, heading, paragraph, plain, submit } from "./adaptive-card.js";
import { pressVerb, viewVerb } from "./shared-conversation-cards.js";

type FindingView = Awaited<ReturnType<CrmServices["dataQuality"]["get"]>>;

/** The card data that shows a finding again, for whoever runs it (read-only; also the refresh). */
const findingViewData = (entity: EntityType, recordId: string, key: string): SubmitData => ({ crm: "finding", entity, id: recordId, key });

const tabSegment: Record<EntityType, string> = { lead: "leads", opportunity: "opportunities", case: "cases" };

/**
 * A Teams deep link into the CRM tab at `#/<route>` (the tab reads it as subPageId).
 * Needs the Teams app's id (TEAMS_APP_ID, as in the manifest); without it there is no link.
 */
function tabDeepLink(route: string, appId = process.env.TEAMS_APP_ID): string | undefined {
  if (!appId) return undefined;
  const [first = ""] = route.split("/");
  const context = encodeURIComponent(JSON.stringify({ subEntityId: route }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${encodeURIComponent(first)}?context=${context}`;
}

interface FindingCardOptions {
  notice?: { text: string; tone: "good" | "attention" | "plain" };
  /** Teams user MRIs whose client refreshes the card by itself when shown. */
  refreshUserIds: readonly string[];
}

const stateLine = (view: FindingView["finding"]): string => {
  if (view.state === "open") return `Open since ${readableDate(view.foundAt)}.`;
  if (view.state === "resolved") return `Resolved on ${readableDate(view.updatedAt)}: the record was fixed.`;
  return `Dismissed on ${readableDate(view.updatedAt)}${view.reason ? `: “${plain(view.reason, dismissReasonLimit)}”` : "."}`;
};

export function renderFindingCard({ finding, mayDismiss }: FindingView, options: FindingCardOptions): CardReply {
  const title = `Data quality: ${plain(finding.ruleLabel, 100)}`;
  const body: CardElement[] = [heading(title)];
  const tones = { good: { color: "Good" }, attention: { color: "Attention" }, plain: {} } as const;
  if (options.notice) body.push(paragraph(plain(options.notice.text, 2000), tones[options.notice.tone]));
  body.push(paragraph(plain(finding.message, 1000)));
  const pairs: [string, string][] = [["Record", finding.recordTitle !== undefined ? plain(finding.recordTitle, 200) : `A ${finding.entity}`]];
  pairs.push(["State", stateLine(finding)]);
  body.push(facts(pairs));

  const route = `${tabSegment[finding.entity]}/${finding.recordId}`;
  const open = tabDeepLink(route);
  const actions: CardAction[] = [open ? { type: "Action.OpenUrl", title: "Open", url: open } : submit("Open", { crm: "command", text: `${finding.entity} ${finding.recordId}` })];
  if (mayDismiss) {
    const fix = tabDeepLink(`${route}/edit`);
    if (fix) actions.push({ type: "Action.OpenUrl", title: "Fix", url: fix });
    const ask: CardElement[] = [
      { type: "Input.Text", id: "reason", label: "Why is this not a problem?", isRequired: true, errorMessage: "Say why.", isMultiline: true, maxLength: dismissReasonLimit },
    ];
    const dismiss = execute("Dismiss", pressVerb, { crm: "findingDismiss", entity: finding.entity, id: finding.recordId, key: finding.key }, { style: "destructive" });
    actions.push({ type: "Action.ShowCard", title: "Dismiss…", card: adaptiveCard(ask, [dismiss]) });
  }
  const refreshed = findingViewData(finding.entity, finding.recordId, finding.key);
  const card = { ...adaptiveCard(body, actions), refresh: { action: execute("Show the latest", viewVerb, refreshed), userIds: [...options.refreshUserIds] } };
  return cardReply(card, `${title}: ${stateLine(finding)}`, { view: refreshed });
}

/** A finding the reader may not (or no longer) see answers in plain words, as the API's 404: no rule detail, no record. */
export function renderFindingNotAvailableCard(): CardReply {
  return cardReply(
    adaptiveCard([heading("Not available"), paragraph("This data-quality finding does not exist any more, or it is not yours to see.")]),
    "This data-quality finding is not available.",
    { forAnyone: true },
  );
}
