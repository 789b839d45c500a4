import { describe, expect, it } from 'vitest';
import { BUILT_FILES } from '../../src/engine/build/appFiles';
import { measureBuild } from './buildMeasure';
import { MICRO_SHAPE, microSafetensors } from './microModel';

describe('measureBuild', () => {
  it('parses the safetensors once and builds every file in turn', async () => {
    const bytes = microSafetensors(7);
    let loads = 0;
    const lines: string[] = [];
    const figures = await measureBuild(
      async () => {
        loads++;
        return bytes;
      },
      MICRO_SHAPE,
      (line) => lines.push(line),
    );
    expect(loads).toBe(1);
    expect(figures.inputBytes).toBe(bytes.byteLength);
    expect(figures.files.map((f) => f.file)).toEqual([...BUILT_FILES]);
    expect(figures.files.every((f) => f.bytes > 0 && f.ms >= 0)).toBe(true);
    // The total is the parse and the files, not the load.
    const sum = figures.parseMs + figures.files.reduce((s, f) => s + f.ms, 0);
    expect(figures.totalMs).toBeCloseTo(sum, 0);
    expect(lines.length).toBe(1 + BUILT_FILES.length);
  });

  it('fails on weights that do not fit the shape', async () => {
    const bytes = microSafetensors(7);
    const wider = { ...MICRO_SHAPE, width: 16 };
    await expect(
      measureBuild(
        async () => bytes,
        wider,
        () => undefined,
      ),
    ).rejects.toThrow(/config.json implies/);
  });
});
