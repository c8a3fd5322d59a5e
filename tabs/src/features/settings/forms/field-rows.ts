/**
 * The form editor's list of fields while it is being edited: each row remembers whether
 * it is new (its key may still change) and whether its key was typed (then a new label no
 * longer derives it), and which row is open. Pure, so each step is tested on its own.
 */
import type { FieldDefinition } from "../../../api/types";
import { keyFromLabel, moveField, newField } from "./form-draft";

export interface FieldRow {
  field: FieldDefinition;
  isNew: boolean;
  keyEdited: boolean;
}

interface FieldRows {
  rows: FieldRow[];
  /** The row whose settings are shown. */
  open?: number;
}

type FieldRowsStep =
  | { type: "load"; fields: readonly FieldDefinition[] }
  | { type: "add" }
  | { type: "change"; index: number; change: Partial<Omit<FieldDefinition, "key" | "label">> }
  | { type: "relabel"; index: number; label: string }
  | { type: "rekey"; index: number; key: string }
  | { type: "move"; index: number; direction: -1 | 1 }
  | { type: "remove"; index: number }
  | { type: "open"; index: number | undefined };

const withField = (rows: FieldRow[], index: number, change: (row: FieldRow) => FieldRow) => rows.map((row, at) => (at === index ? change(row) : row));

export function fieldRows(state: FieldRows, step: FieldRowsStep): FieldRows {
  switch (step.type) {
    case "load":
      return { rows: [...step.fields].sort((a, b) => a.order - b.order).map((field) => ({ field, isNew: false, keyEdited: false })) };
    case "add": {
      const field = newField(state.rows.map((row) => row.field));
      return { rows: [...state.rows, { field, isNew: true, keyEdited: false }], open: state.rows.length };
    }
    case "change":
      return { ...state, rows: withField(state.rows, step.index, (row) => ({ ...row, field: { ...row.field, ...step.change } })) };
    case "relabel":
      return {
        ...state,
        rows: withField(state.rows, step.index, (row) => ({ ...row, field: { ...row.field, label: step.label, ...(row.isNew && !row.keyEdited ? { key: keyFromLabel(step.label) } : {}) } })),
      };
    case "rekey":
      return { ...state, rows: withField(state.rows, step.index, (row) => (row.isNew ? { ...row, keyEdited: true, field: { ...row.field, key: step.key } } : row)) };
    case "move": {
      const target = step.index + step.direction;
      if (target < 0 || target >= state.rows.length) return state;
      const open = state.open === step.index ? target : state.open === target ? step.index : state.open;
      return { rows: moveField(state.rows, step.index, step.direction), ...(open !== undefined ? { open } : {}) };
    }
    case "remove":
      return { rows: state.rows.filter((_, at) => at !== step.index) };
    case "open":
      return { rows: state.rows, ...(step.index !== undefined ? { open: step.index } : {}) };
  }
}

export const fieldsOf = (state: FieldRows): FieldDefinition[] => state.rows.map((row) => row.field);
