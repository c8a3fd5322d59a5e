/** Every command the bot understands, in the order help lists them. */
import type { Command } from "../chat/command.js";
import { announcementsCommand } from "./announcements.js";
import { assignCommand } from "./assign.js";
import { findCommand } from "./find.js";
import { forecastCommand } from "./forecast.js";
import { helpCommand } from "./help.js";
import { myRecordsCommand } from "./my-records.js";
import { myRequestsCommand } from "./my-requests.js";
import { myRoleCommand } from "./my-role.js";
import { myTasksCommand } from "./my-tasks.js";
import { newLeadCommand } from "./new-lead.js";
import { pipelineCommand } from "./pipeline.js";
import { requestRoleCommand } from "./request-role.js";
import { myResponsibilitiesCommand, whoDoesCommand } from "./responsibilities.js";
import { showRecordCommand } from "./show-record.js";
import { whyCantICommand } from "./why-cant-i.js";

export { cardActions, readOnlyCardActions } from "./card-actions.js";

export const commands: readonly Command[] = [
  helpCommand(() => commands),
  myRecordsCommand("lead"),
  myRecordsCommand("opportunity"),
  myRecordsCommand("case"),
  myTasksCommand,
  newLeadCommand,
  showRecordCommand("lead"),
  showRecordCommand("opportunity"),
  showRecordCommand("case"),
  findCommand,
  pipelineCommand,
  forecastCommand,
  assignCommand,
  myRoleCommand,
  whyCantICommand,
  requestRoleCommand,
  myRequestsCommand,
  whoDoesCommand,
  myResponsibilitiesCommand,
  announcementsCommand,
];
