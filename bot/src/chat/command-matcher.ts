/** Finds the command a message starts with, or the closest one for "did you mean". */
import type { Command } from "./command.js";

interface Match {
  command: Command;
  args: string;
}

/** Lowercase, single spaces, curly apostrophes straightened. */
const normalize = (text: string): string => text.replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim().toLowerCase();

const spellings = (command: Command): string[] => [command.name, ...(command.aliases ?? [])];

export function matchCommand(commands: readonly Command[], text: string): Match | undefined {
  const clean = text.replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim();
  const lower = clean.toLowerCase();
  let best: { command: Command; length: number } | undefined;
  for (const command of commands) {
    for (const spelling of spellings(command)) {
      if ((lower === spelling || lower.startsWith(`${spelling} `)) && (!best || spelling.length > best.length)) best = { command, length: spelling.length };
    }
  }
  return best ? { command: best.command, args: clean.slice(best.length).trim() } : undefined;
}

/** The command whose name is nearest to the message's first words, when near enough to be a typo. */
export function suggestCommand(commands: readonly Command[], text: string): { command: Command; args: string } | undefined {
  const words = normalize(text).split(" ").slice(0, 4);
  let best: { command: Command; distance: number; args: string } | undefined;
  for (const command of commands) {
    for (const spelling of spellings(command)) {
      const count = spelling.split(" ").length;
      const head = words.slice(0, count).join(" ");
      const distance = editDistance(head, spelling);
      const tolerance = spelling.length <= 4 ? 1 : spelling.length <= 8 ? 2 : 3;
      if (distance <= tolerance && (!best || distance < best.distance)) {
        best = { command, distance, args: text.replace(/\s+/g, " ").trim().split(" ").slice(count).join(" ") };
      }
    }
  }
  return best && { command: best.command, args: best.args };
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
