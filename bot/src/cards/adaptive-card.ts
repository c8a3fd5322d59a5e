/**
 * A typed subset of Adaptive Cards 1.5: just what the bot's cards use. Plain
 * JSON builders, so commands and tests never need the Bot Framework SDK.
 * `Action.Execute` and `refresh` (Universal Actions) serve shared conversations,
 * where each reader gets their own view of a card.
 */
export type CardElement =
  | {
      type: "TextBlock";
      text: string;
      wrap?: boolean;
      weight?: "Bolder" | "Default";
      size?: "Small" | "Default" | "Medium" | "Large";
      isSubtle?: boolean;
      color?: "Default" | "Attention" | "Good" | "Warning" | "Accent";
      spacing?: "None" | "Small" | "Medium";
    }
  | { type: "FactSet"; facts: { title: string; value: string }[] }
  | { type: "Container"; items: CardElement[]; separator?: boolean; style?: "default" | "emphasis" | "attention" | "good" | "warning" }
  | { type: "ColumnSet"; columns: { type: "Column"; /** "auto", "stretch", a weight ("2") or pixels ("80px"). */ width: string; items: CardElement[] }[]; separator?: boolean }
  | { type: "ActionSet"; actions: CardAction[] }
  | CardInput;

export type CardInput =
  | {
      type: "Input.Text";
      id: string;
      label?: string;
      value?: string;
      placeholder?: string;
      isMultiline?: boolean;
      isRequired?: boolean;
      errorMessage?: string;
      maxLength?: number;
      style?: "text" | "email" | "tel" | "url";
    }
  | { type: "Input.Number"; id: string; label?: string; value?: number; isRequired?: boolean; errorMessage?: string }
  | { type: "Input.Date"; id: string; label?: string; value?: string; isRequired?: boolean; errorMessage?: string }
  | { type: "Input.Toggle"; id: string; title: string; label?: string; value?: "true" | "false"; valueOn?: string; valueOff?: string }
  | {
      type: "Input.ChoiceSet";
      id: string;
      label?: string;
      value?: string;
      choices: { title: string; value: string }[];
      isMultiSelect?: boolean;
      style?: "compact" | "expanded" | "filtered";
      isRequired?: boolean;
      errorMessage?: string;
    };

/** What a card button sends back: always `{ crm: <action>, ...data }`. */
export type SubmitData = { crm: string } & Record<string, string | number | boolean>;

export type ExecuteAction = { type: "Action.Execute"; title: string; verb: string; data: SubmitData; associatedInputs?: "auto" | "none"; style?: "positive" | "destructive" };

export type CardAction =
  | { type: "Action.Submit"; title: string; data: SubmitData; associatedInputs?: "auto" | "none"; style?: "positive" | "destructive" }
  | ExecuteAction
  | { type: "Action.OpenUrl"; title: string; url: string }
  | { type: "Action.ShowCard"; title: string; card: AdaptiveCard };

/**
 * Universal Actions' refresh: Teams runs `action` for each listed user when the
 * card is shown to them and replaces the card for that user only. `userIds` are
 * Teams user MRIs, used only to address the refresh; an empty list means
 * "nobody automatically" (Teams then offers a manual refresh).
 */
export interface CardRefresh {
  action: ExecuteAction;
  userIds: string[];
}

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  version: "1.5";
  refresh?: CardRefresh;
  body: CardElement[];
  actions?: CardAction[];
}

/** Teams refuses a message over about 28 KB; cards are built to stay well below. */
export const maxCardBytes = 28 * 1024;

/** What a card may use, leaving room for the activity around it. */
export const cardBudget = maxCardBytes - 2 * 1024;

export const cardBytes = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card));

export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export const heading = (text: string): CardElement => ({ type: "TextBlock", text, weight: "Bolder", size: "Medium", wrap: true });
export const paragraph = (text: string, extra: Partial<{ isSubtle: boolean; color: "Attention" | "Good" | "Warning" }> = {}): CardElement => ({
  type: "TextBlock",
  text,
  wrap: true,
  ...extra,
});
export const facts = (pairs: [string, string][]): CardElement => ({ type: "FactSet", facts: pairs.map(([title, value]) => ({ title, value })) });
export const submit = (title: string, data: SubmitData, extra: Partial<{ style: "positive" | "destructive"; associatedInputs: "auto" | "none" }> = {}): CardAction => ({
  type: "Action.Submit",
  title,
  data,
  ...extra,
});

export const execute = (title: string, verb: string, data: SubmitData, extra: Partial<{ style: "positive" | "destructive"; associatedInputs: "auto" | "none" }> = {}): ExecuteAction => ({
  type: "Action.Execute",
  title,
  verb,
  data,
  ...extra,
});

/**
 * Text from users or records, shortened. Adaptive Cards render a markdown
 * subset; breaking "](" keeps a name from turning into a link.
 */
export function plain(value: string | number | undefined, max = 300): string {
  const text = String(value ?? "")
    .replace(/\s+/g, " ")
    .trim();
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return short.replace(/\]\(/g, "] (");
}
