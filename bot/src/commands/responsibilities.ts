/**
 * Responsibilities in chat: `who does <task>` (who is Responsible and Accountable for
 * a task of the RACI chart, so anyone knows whom to ask) and `my responsibilities`
 * (the tasks the caller has a letter in). Both only read; the chart is the one the
 * tab shows (RaciService), names only, no ids.
 */
import type { RaciLetter } from "@crm/shared/policy";
import type { Command } from "../chat/command.js";

const letterWords: { readonly [L in RaciLetter]: string } = { R: "Responsible", A: "Accountable", C: "Consulted", I: "Informed" };
const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
const names = (holders: { displayName: string; fallback: boolean }[]) =>
  holders.length === 0 ? "nobody yet" : `${holders.map((holder) => holder.displayName).join(", ")}${holders.every((holder) => holder.fallback) ? " (as Owners: the chart names nobody)" : ""}`;

export const whoDoesCommand: Command = {
  name: "who does",
  aliases: ["who is responsible for", "whom do i ask about"],
  usage: "who does [task]",
  summary: "Who is Responsible and Accountable for a CRM task (data cleanup, lead follow-up…).",
  readOnly: true,
  async run(context, args) {
    const view = await context.services.raci.read(context.actor);
    const wanted = normal(args);
    const task = wanted ? (view.tasks.find((candidate) => normal(candidate.name) === wanted) ?? view.tasks.find((candidate) => normal(candidate.name).includes(wanted))) : undefined;
    if (!task) {
      return [{ kind: "text", text: `Ask like this: who does data cleanup. The tasks are: ${view.tasks.map((candidate) => candidate.name).join(", ")}.` }];
    }
    const roles = (letter: RaciLetter) =>
      task.assignments
        .filter((cell) => cell.letter === letter)
        .map((cell) => cell.roleName)
        .join(", ") || "none";
    const lines = [
      `${task.name}: ${task.description}`,
      `Responsible: ${names(task.responsible)} (${roles("R")})`,
      `Accountable: ${names(task.accountable)} (${roles("A")})`,
      `Consulted: ${roles("C")}`,
      `Informed: ${roles("I")}`,
    ];
    return [{ kind: "text", text: lines.join("\n") }];
  },
};

export const myResponsibilitiesCommand: Command = {
  name: "my responsibilities",
  aliases: ["my raci", "my duties"],
  usage: "my responsibilities",
  summary: "The CRM tasks you are Responsible, Accountable, Consulted or Informed for.",
  readOnly: true,
  async run(context) {
    const mine = await context.services.raci.responsibilitiesOf(context.actor);
    if (mine.length === 0) return [{ kind: "text", text: 'The responsibilities chart gives none of your roles a part in any task. Say "who does [task]" to see whom to ask.' }];
    const lines = mine.map((task) => `${task.name}: ${task.letters.map((letter) => letterWords[letter]).join(", ")}${task.reviewDue ? " (its quarterly review is due)" : ""}`);
    return [{ kind: "text", text: ["Your responsibilities:", ...lines].join("\n") }];
  },
};
