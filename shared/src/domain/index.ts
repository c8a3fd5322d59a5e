/** `@crm/shared/domain`: records, forms, pipelines and ids as the bot, the server and the tests use them. */
export type { CrmRecord } from "./records.js";
export type { FieldDefinition, FieldValue } from "./forms.js";
export { defaultForm, titleField } from "./forms.js";
export { defaultPipeline } from "./pipelines.js";
export { isId, newId } from "./ids.js";
export { csvCell } from "./csv.js";
export { dismissReasonLimit } from "./data-quality/finding.js";
export { defaultQualityRules } from "./data-quality/rules.js";
