import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { checkWorkflowInput } from "./schema.js";

const outline = { name: "Welcome", entity: "lead" as const, trigger: { type: "created" as const } };

describe("checkWorkflowInput", () => {
  it("gives the typed input when the trigger and every action pass their own schema", () => {
    const actions = [
      { type: "assign" as const, strategy: "roundRobin", pool: { roleId: "member" } },
      { type: "notify" as const, to: { kind: "owner" }, message: "New lead" },
    ];
    expect(checkWorkflowInput({ ...outline, actions })).toEqual({ input: { ...outline, actions } });
  });

  it("gives only the problems, each at its exact field, when an action fails", () => {
    const actions = [
      { type: "addNote", text: "fine" },
      { type: "notify", to: { kind: "owner" } },
      { type: "assign", strategy: "user" },
    ] as const;
    expect(checkWorkflowInput({ ...outline, actions: [...actions] })).toEqual({
      problems: [
        { field: "actions[1].message", message: "This field is required." },
        { field: "actions[2].userId", message: "This field is required." },
      ],
    });
  });

  it("gives only the problems when the trigger fails", () => {
    const trigger = { type: "timeAfterField", field: "dueDate" } as const;
    expect(checkWorkflowInput({ ...outline, trigger, actions: [{ type: "noop" }] })).toEqual({ problems: [{ field: "trigger.after", message: "This field is required." }] });
  });
});

// The types are Static<> of the schemas: compile snippets beside model.ts (the files they
// import are the real ones) in one program, and read each snippet's type errors.
const folder = path.dirname(fileURLToPath(import.meta.url));
const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ["node"],
};
const header = `import type { Trigger, WorkflowAction, WorkflowInput } from "./model.js";\nimport type { CaseWorkflow } from "./case-workflow.js";\n`;

function typeErrorsOf(snippets: Record<string, string>): Record<string, string> {
  const files = new Map(Object.entries(snippets).map(([name, code]) => [path.join(folder, `type-snippet-${name}.ts`), `${header}${code}\n`]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const code = files.get(file);
    return code === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, code, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const errors: Record<string, string> = Object.fromEntries(Object.keys(snippets).map((name) => [name, ""]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = diagnostic.file ? /type-snippet-(\w+)\.ts$/.exec(diagnostic.file.fileName)?.[1] : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (name === undefined) throw new Error(`A type error outside the snippets: ${message}`);
    errors[name] += `${message}\n`;
  }
  return errors;
}

describe("the workflow types come from the schemas", () => {
  it("accept one of each kind as its schema describes it, and refuse what misses a field of its schema, has a field of the wrong type, or is of no known kind", () => {
    const errors = typeErrorsOf({
      valid: `
        export const triggers: Trigger[] = [
          { type: "created" }, { type: "fieldChanged", field: "status", to: "Won" }, { type: "timeAfterField", field: "dueDate", after: { amount: 2, unit: "days" } },
          { type: "noActivity", after: { amount: 1, unit: "hours" } }, { type: "dueDatePassed", field: "dueDate" }, { type: "manual" },
        ];
        export const actions: WorkflowAction[] = [
          { type: "assign", strategy: "user", userId: "ann" }, { type: "assign", strategy: "leastOpen", pool: { userIds: ["ann"] } },
          { type: "setField", field: "status", value: null }, { type: "moveStage", stageId: "won" }, { type: "addNote", text: "Hi" },
          { type: "createTask", kind: "reminder", title: "Call", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } },
          { type: "notify", to: { kind: "channel", channelId: "19:abc" }, message: "New" }, { type: "noop" },
        ];
        export const input: WorkflowInput = { name: "x", entity: "case", trigger: triggers[0]!, actions };
        export const caseWorkflow: CaseWorkflow = { statuses: ["New"], unansweredStatuses: [], transitions: [{ from: "*", to: "New", roleIds: ["owner"] }], sla: [] };`,
      noMessage: `export const action: WorkflowAction = { type: "notify", to: { kind: "owner" } };`,
      noDue: `export const action: WorkflowAction = { type: "createTask", kind: "task", title: "Call", assignTo: { kind: "owner" } };`,
      numberText: `export const action: WorkflowAction = { type: "addNote", text: 1 };`,
      unknownKind: `export const action: WorkflowAction = { type: "explode" };`,
      poolWithUserStrategy: `export const action: WorkflowAction = { type: "assign", strategy: "user", pool: {} };`,
      noAfter: `export const trigger: Trigger = { type: "timeAfterField", field: "dueDate" };`,
      noSla: `export const caseWorkflow: CaseWorkflow = { statuses: ["New"], unansweredStatuses: [], transitions: [] };`,
    });
    expect(errors.valid).toBe("");
    expect(errors.noMessage).toContain("Property 'message' is missing");
    expect(errors.noDue).toContain("Property 'due' is missing");
    expect(errors.numberText).toContain("Type 'number' is not assignable to type 'string'");
    expect(errors.unknownKind).toContain(`Type '"explode"' is not assignable`);
    expect(errors.poolWithUserStrategy).not.toBe("");
    expect(errors.noAfter).toContain("Property 'after' is missing");
    expect(errors.noSla).toContain("Property 'sla' is missing");
  }, 60_000);
});
