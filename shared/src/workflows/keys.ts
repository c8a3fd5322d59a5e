/**
 * Deterministic keys: the engine derives every id from what caused the work, so a
 * retry or a redelivery lands on the same rows instead of making new ones.
 */
import { createHash } from "node:crypto";

export const hashKey = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 32);
export { seededId, timeOfId } from "../domain/ids.js";
