import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";

performance.mark("crm:start");
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
