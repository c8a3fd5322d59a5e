import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The bench measures the initial JS; keep sourcemaps out of dist.
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // auth-end.html is the Entra redirect URI (aad.manifest.json), auth-start.html the
    // page "Grant access" opens: each its own small page.
    rollupOptions: { input: { index: "index.html", "auth-start": "auth-start.html", "auth-end": "auth-end.html" } },
  },
  server: {
    proxy: { "/api": { target: `http://127.0.0.1:${process.env.PORT ?? 3978}` } },
  },
});
