/**
 * `npx tsx bench/pageStepTrace.ts --origin http://127.0.0.1:PORT [--js] [--steps N]`: traces the
 * app page's second gpt2-shaped run on WASM (bench/lib/uiStepTrace.ts) against a production build
 * already served at ORIGIN (with gpt2-shaped linked into its models folder), and prints where
 * every thread's CPU time went. `--js` adds a sampled JavaScript profile of the main thread
 * (build with `--minify false` for readable names).
 */
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser';
import { runMain, usageErrors } from './lib/cli';
import { exportedSteps, median } from './lib/uiStep';
import { traceInPageStep } from './lib/uiStepTrace';

const USAGE = 'npx tsx bench/pageStepTrace.ts --origin http://127.0.0.1:PORT [--js] [--steps N]';

runMain(USAGE, async (argv) => {
  const { values } = usageErrors(() =>
    parseArgs({
      args: argv,
      options: {
        origin: { type: 'string' },
        js: { type: 'boolean', default: false },
        steps: { type: 'string', default: '40' },
        runs: { type: 'string', default: '1' },
        save: { type: 'string' },
        css: { type: 'string' },
        categories: { type: 'string', default: '' },
      },
    }),
  );
  if (!values.origin) throw new Error('--origin is required');
  const browser = await launchBrowser();
  try {
    const trace = await traceInPageStep(
      browser,
      values.origin,
      {
        steps: Number(values.steps),
        runs: Number(values.runs),
        jsProfile: values.js,
        save: values.save,
        css: values.css,
        categories: values.categories.split(',').filter(Boolean),
      },
      async (page) => {
        const steps = await exportedSteps(page);
        return {
          modelMs: median(steps.map((s) => s.modelMs)),
          totalMs: median(steps.map((s) => s.totalMs)),
        };
      },
    );
    console.log(JSON.stringify(trace, null, 1));
  } finally {
    await browser.close();
  }
});
