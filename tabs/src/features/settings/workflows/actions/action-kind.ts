/** What each kind of action brings to the workflow editor: how it starts when chosen, and its own settings. */
import type { JSX } from "react";
import type { FieldDefinition } from "../../../../api/types";
import type { EditorContext } from "../editor-context";
import type { WorkflowAction } from "../workflow-api";

export interface ActionDetailsProps<A extends WorkflowAction> {
  /** Where the server's problems with this action are, e.g. `actions[0]`. */
  path: string;
  /** Its number as people count, for labels ("Action 1: person"). */
  n: number;
  action: A;
  /** The form of the entity the workflow works on. */
  form: readonly FieldDefinition[];
  context: EditorContext;
  onChange: (action: WorkflowAction) => void;
}

export interface ActionEditorKind<A extends WorkflowAction> {
  /** The action as it starts when someone picks its type. */
  blank(context: Pick<EditorContext, "pipelines">): A;
  /** Its settings below the type picker; none for an action that has no settings. */
  Details?: (props: ActionDetailsProps<A>) => JSX.Element;
}

export type ActionOf<T extends WorkflowAction["type"]> = Extract<WorkflowAction, { type: T }>;
