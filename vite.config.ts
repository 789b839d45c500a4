import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { connectSources, parseModelOrigins } from './src/engine/modelSources.js';

/**
 * Copies public/ into the build like Vite does, except the benchmark-only models: `gpt2-shaped`
 * and its draft (500 MB and 186 MB of random weights that no deployed site should carry) and
 * `qwen-shaped` (632 MB, scripts/makeQwenShaped.ts).
 */
function copyPublicWithoutBenchModels(): Plugin {
  let outDir = 'dist';
  return {
    name: 'stepwise-copy-public',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const publicDir = resolve(import.meta.dirname, 'public');
      if (!existsSync(publicDir)) return;
      const skip = ['gpt2-shaped', 'qwen-shaped'].map((name) => resolve(publicDir, 'models', name));
      const copied = (src: string): boolean => !skip.some((prefix) => src.startsWith(prefix));
      cpSync(publicDir, outDir, { recursive: true, filter: copied });
    },
  };
}

// Cross-origin isolation lets onnxruntime-web use several WASM threads (SharedArrayBuffer).
// A static host without these headers still works: the worker then runs one thread.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Model sources a teacher's server may be on besides the page's own origin, named when the site is
 * built: `STEPWISE_MODEL_ORIGIN=http://192.168.1.10:4173 npm run build` (several: spaces or
 * commas). A mistyped origin fails the build. The page reads the same list (modelSource.ts).
 */
const MODEL_ORIGINS = parseModelOrigins(process.env.STEPWISE_MODEL_ORIGIN ?? '');

/**
 * Content-Security-Policy of the built site: scripts only from the site itself (WASM compilation
 * needs 'wasm-unsafe-eval'); the page's own requests only to the site, the model sources it knows
 * (the Hugging Face Hub, whose large files are redirected to *.hf.co / *.huggingface.co, and the
 * mirror hf-mirror.com) and MODEL_ORIGINS. A <meta> policy binds the page, not the engine's
 * worker (a worker loaded from its own URL takes the policy of that file's response headers, and
 * static hosts send none): the page keeps the worker's downloads to the same origins by refusing
 * any other source before it asks for a download (modelSources.ts). Only in builds: the dev
 * server injects inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  `connect-src ${connectSources(MODEL_ORIGINS)}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'stepwise-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

export default defineConfig({
  base: './',
  define: { 'import.meta.env.STEPWISE_MODEL_ORIGIN': JSON.stringify(MODEL_ORIGINS.join(' ')) },
  plugins: [react(), copyPublicWithoutBenchModels(), contentSecurityPolicy()],
  // Pre-bundling breaks onnxruntime-web's lazy loading of its .mjs/.wasm pair.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, copyPublicDir: false },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one fork; the engine's tests wait on onnxruntime as much as
    // they compute, so two forks share the cores better (no test asserts a timing).
    maxWorkers: 2,
  },
});
