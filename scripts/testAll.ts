/**
 * `npm test`: lint, type-check, unit and e2e tests, in three rounds.
 *
 * Round 1: ESLint, Prettier, both type-checks and the production build the e2e tests serve, side
 * by side (57 s on a 2-core machine, against ~2 minutes one after the other).
 * Round 2: Vitest. Round 3: Playwright, serving round 1's build. Vitest beside Playwright was
 * slower: two forks and three browsers on two cores took the unit tests from ~2 to 8 minutes and
 * made the e2e Stop tests time out (bench/README.md, "e2e wall time").
 * Each job's output is streamed with its name in front of every line; the command fails if any
 * job fails, after every job of the round has ended. A round does not start if one before failed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Job {
  name: string;
  command: string;
  env?: Record<string, string>;
}

/** The build folder the e2e tests serve (playwright.config.ts reads the same variable). */
const DIST = process.env.STEPWISE_E2E_DIST ?? 'dist';

const ROUNDS: Job[][] = [
  [
    { name: 'eslint', command: 'npx eslint .' },
    { name: 'prettier', command: 'npx prettier --check .' },
    { name: 'types', command: 'npx tsc -p tsconfig.json --noEmit' },
    { name: 'types:bench', command: 'npx tsc -p bench/tsconfig.json --noEmit' },
    { name: 'build', command: `npx vite build --logLevel warn --outDir ${DIST}` },
  ],
  [{ name: 'unit', command: 'npx vitest run' }],
  [{ name: 'e2e', command: 'npx playwright test', env: { STEPWISE_E2E_PREBUILT: '1' } }],
];

/** Runs one job, each output line prefixed by its name; resolves with its exit code. */
function run(job: Job, width: number): Promise<number> {
  const started = Date.now();
  const child = spawn(job.command, {
    shell: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...job.env },
  });
  const prefix = `[${job.name}]`.padEnd(width + 2);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix} ${line}`));
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const how = code === 0 ? 'passed' : `FAILED (${signal ?? `exit code ${code}`})`;
      console.log(`${prefix} ${how} in ${seconds} s`);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<void> {
  const width = Math.max(...ROUNDS.flat().map((job) => job.name.length));
  for (const [index, jobs] of ROUNDS.entries()) {
    console.log(`test: round ${index + 1}: ${jobs.map((job) => job.name).join(', ')}`);
    const codes = await Promise.all(jobs.map((job) => run(job, width)));
    const failed = jobs.filter((_, i) => codes[i] !== 0).map((job) => job.name);
    if (failed.length > 0) {
      console.error(`test: failed: ${failed.join(', ')}`);
      process.exit(1);
    }
  }
  console.log('test: everything passed');
}

void main();
