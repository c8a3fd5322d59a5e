// Fluent UI's motion uses Element.animate; happy-dom's version aborts and fails the run (TECH-NOTES).
delete (Element.prototype as { animate?: unknown }).animate;

// Testing Library unmounts between tests only when told to (no vitest globals here).
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
afterEach(cleanup);

// findBy…/waitFor wait 1 s by default; a lazy screen's first import on a busy 2-core machine can take longer.
configure({ asyncUtilTimeout: 5_000 });
