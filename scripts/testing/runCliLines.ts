/** Runs the CLI in-process for tests: its exit code, and the lines it wrote to stdout and stderr. */
import { runCli } from '../generate';

export async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}
