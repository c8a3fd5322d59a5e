/** Method and url of every route, read from Fastify's route tree (HEAD twins of GET routes left out). */
export function routesOf(tree: string): { method: string; url: string }[] {
  const found: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^(.*?)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4;
    stack.push(match[2]!);
    const url = stack.join("").replace(/\/\//g, "/");
    for (const method of (match[3] ?? "").split(", ").filter(Boolean)) if (method !== "HEAD") found.push({ method, url });
  }
  return found;
}
