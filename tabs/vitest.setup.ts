// Fluent UI's motion uses Element.animate; happy-dom's version aborts and fails the run (TECH-NOTES).
delete (Element.prototype as { animate?: unknown }).animate;
