/** A Vite dev server with the project's own config (COOP/COEP included), started in-process. */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createServer, preview, type ViteDevServer } from 'vite';

export interface BenchServer {
  server: ViteDevServer;
  origin: string;
}

export async function startServer(root: string): Promise<BenchServer> {
  const server = await createServer({
    configFile: resolve(root, 'vite.config.ts'),
    root,
    clearScreen: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 5199, strictPort: false, hmr: false },
    optimizeDeps: {
      // Crawl the workers too, so no dependency is discovered (and the page reloaded) mid-run.
      entries: [
        'index.html',
        'bench/page/index.html',
        'bench/page/*.ts',
        'src/worker/engine.worker.ts',
      ],
      // transformers.js loads its own onnxruntime-web lazily, like the app's: keep it unbundled.
      exclude: ['@huggingface/transformers'],
    },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite dev server reported no local URL');
  return { server, origin: new URL(url).origin };
}

export interface PreviewServer {
  origin: string;
  close(): Promise<void>;
}

/** The production build (into a temp folder, not dist/) behind Vite's preview server. */
async function startPreview(
  root: string,
  {
    minify = true,
    isolated = true,
    models = [],
  }: {
    minify?: boolean;
    isolated?: boolean;
    /**
     * Bench-only model folders of public/models that the build leaves out (vite.config.ts), served
     * through a link to them in the build folder.
     */
    models?: string[];
  } = {},
): Promise<PreviewServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'stepwise-bench-dist-'));
  const configFile = resolve(root, 'vite.config.ts');
  // The dev server, started earlier in this process, set NODE_ENV to 'development' (Vite does
  // when it is unset), and a build under that setting bundles React's development build: every
  // UI figure of the runs before this was set came from it (the heap per step, the long tasks).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile,
      root,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, minify },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  for (const name of models)
    symlinkSync(resolve(root, 'public', 'models', name), join(outDir, 'models', name));
  const server = await preview({
    configFile,
    root,
    logLevel: 'warn',
    build: { outDir },
    // Not isolated: COOP/COEP relaxed, so the app's worker runs onnxruntime-web on one thread.
    preview: {
      host: '127.0.0.1',
      port: 4199,
      strictPort: false,
      ...(isolated
        ? {}
        : {
            headers: {
              'Cross-Origin-Opener-Policy': 'unsafe-none',
              'Cross-Origin-Embedder-Policy': 'unsafe-none',
            },
          }),
    },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite preview server reported no local URL');
  return {
    origin: new URL(url).origin,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` against a fresh preview build, closing it however `work` ends (a failed build too). */
export async function withPreview<T>(
  root: string,
  options: Parameters<typeof startPreview>[1],
  work: (origin: string) => Promise<T>,
): Promise<T> {
  const preview = await startPreview(root, options);
  try {
    return await work(preview.origin);
  } finally {
    await preview.close();
  }
}
