import { describe, expect, it } from 'vitest';
import { aliveMemory, newPids, parseProcStatus, pickPeak } from './rendererMemory';

const STATUS = `Name:\tchromium
VmPeak:\t 9000000 kB
VmHWM:\t  2048000 kB
VmRSS:\t   512000 kB
Threads:\t40
`;

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    expect(parseProcStatus(STATUS)).toEqual({
      rssBytes: 512000 * 1024,
      peakBytes: 2048000 * 1024,
    });
  });

  it('refuses a status without them', () => {
    expect(() => parseProcStatus('Name:\tkthreadd\n')).toThrow(/VmRSS/);
  });
});

describe('the page renderer', () => {
  it('is among the renderers that appeared, the one with the largest peak', () => {
    expect(newPids([10, 11], [10, 11, 12, 13])).toEqual([12, 13]);
    const spare = { pid: 12, rssBytes: 50, peakBytes: 60 };
    const page = { pid: 13, rssBytes: 500, peakBytes: 3000 };
    expect(pickPeak([spare, page])).toBe(page);
    expect(pickPeak([])).toBeNull();
  });
});

describe('aliveMemory', () => {
  it('leaves out the processes that are gone', () => {
    const read = (pid: number) => {
      if (pid === 13) throw new Error('ENOENT');
      return { rssBytes: pid, peakBytes: 2 * pid };
    };
    expect(aliveMemory([12, 13], read)).toEqual([{ pid: 12, rssBytes: 12, peakBytes: 24 }]);
  });
});
