/** Do nothing (a placeholder while a workflow is drafted): no settings. */
import type { ActionEditorKind, ActionOf } from "./action-kind";

export const noopAction: ActionEditorKind<ActionOf<"noop">> = { blank: () => ({ type: "noop" }) };
