export { GraphMailClient, selectedFields } from "./graph-mail-client.js";
export type { GraphMailClientOptions, MailFolder } from "./graph-mail-client.js";
export { createAppTokenSource } from "./app-token.js";
export { MailSync, caseReference } from "./mail-sync.js";
export type { MailboxRun } from "./mail-sync.js";
export { MailJobs } from "./mail-jobs.js";
export { MailAddressIndex } from "./address-index.js";
export { toPlainText } from "./sanitize.js";
export { MailRepository } from "../storage/mail-repository.js";
