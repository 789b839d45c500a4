import { describe, expect, it } from 'vitest';
import { summariseTrace } from './uiTrace';

const MAIN = { pid: 1, tid: 10 };
const OTHER = { pid: 1, tid: 11 };

const threadName = (ids: { pid: number; tid: number }, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  ...ids,
  args: { name },
});

const task = (name: string, durUs: number, ids = MAIN, stack?: string[]) => ({
  name,
  ph: 'X',
  ts: 0,
  dur: durUs,
  ...ids,
  ...(stack
    ? {
        args: {
          beginData: {
            stackTrace: stack.map((functionName, i) => ({
              functionName,
              url: `http://x/assets/app.js`,
              lineNumber: i + 1,
            })),
          },
        },
      }
    : {}),
});

describe('summariseTrace', () => {
  const events = [
    threadName(MAIN, 'CrRendererMain'),
    threadName(OTHER, 'Compositor'),
    task('RunTask', 30_000),
    task('RunTask', 20_400),
    task('FunctionCall', 12_000),
    task('Layout', 3000),
    task('Layout', 1000, MAIN, ['measure', '', 'render', 'commit']),
    task('Layout', 1000, MAIN, ['measure', '', 'render', 'commit']),
    task('RunTask', 99_000, OTHER),
    { name: 'Layout', ph: 'B', ts: 0, ...MAIN },
  ];
  const summary = summariseTrace(events);

  it('sums the main thread’s complete events by name, in ms, largest first', () => {
    expect(summary.busyMs).toBe(50);
    expect(summary.events).toEqual([
      ['RunTask', 50, 2],
      ['FunctionCall', 12, 1],
      ['Layout', 5, 3],
    ]);
  });

  it('tells layouts forced by JavaScript (its top three frames) from the browser’s own', () => {
    expect(summary.layouts).toEqual([
      ['rendering', 3, 1],
      ['forced by measure app.js:1 < (anonymous) app.js:2 < render app.js:3', 2, 2],
    ]);
  });

  it('finds nothing busy in a trace without a renderer main thread', () => {
    const empty = summariseTrace([task('RunTask', 5000, OTHER)]);
    expect(empty).toEqual({ busyMs: 0, events: [], layouts: [] });
  });
});
