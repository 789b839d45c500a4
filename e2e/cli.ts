import { execFileSync } from 'node:child_process';

/** Greedy token ids from the project's CLI (onnxruntime-node), the reference for the browser. */
export function cliTokenIds(
  prompt: string,
  steps: number,
  model = 'public/models/tiny-gpt2',
): number[] {
  const out = execFileSync(
    'npx',
    [
      'tsx',
      'scripts/generate.ts',
      '--model',
      model,
      '--prompt',
      prompt,
      '--steps',
      `${steps}`,
      '--json',
    ],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { tokenId?: number })
    .filter((row) => typeof row.tokenId === 'number')
    .map((row) => row.tokenId as number);
}
