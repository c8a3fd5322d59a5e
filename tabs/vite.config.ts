import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import type { Plugin } from "vite";

/**
 * Brotli and gzip copies beside each built script, style sheet and page (the server's
 * static files serve them to browsers that accept them: `preCompressed`), made once at
 * build time at the best ratio instead of on every request.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "precompress",
    apply: "build",
    configResolved: (config) => void (outDir = path.resolve(config.root, config.build.outDir)),
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
      for (const file of walk(outDir).filter((name) => /\.(js|css|html|svg|json)$/.test(name))) {
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
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
