export * from "./model.js";
export * from "./roles.js";
export * from "./decide.js";
export * from "./effective.js";
export * from "./requirement.js";
