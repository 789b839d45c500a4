/** How the bench's entry points start and end: --help, wrong flags, failures, exit codes. */
import { errorMessage } from '../../src/engine/errorMessage';

/** A flag or value the entry point does not take: reported with its usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs `main` with the command line's arguments. `--help` (or `-h`) prints `usage` and exits 0;
 * a UsageError prints its message and `usage` and exits 2; any other failure exits 1. Exits 0 on
 * success too, so that a runtime's lingering threads or handles do not keep the process alive.
 */
export function runMain(usage: string, main: (argv: string[]) => Promise<void>): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  main(argv).then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${usage}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? (error.stack ?? errorMessage(error)) : error);
      process.exit(1);
    },
  );
}

/** node:util's parseArgs errors (an unknown flag, a missing value) as UsageErrors. */
export function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(errorMessage(error));
  }
}
