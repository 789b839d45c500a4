/**
 * Writes docs/lesson/chapter-N.png (English) or docs/lesson/<lang>/chapter-N.png (another
 * language: zh-CN needs a CJK font, Debian's fonts-noto-cjk): each chapter of the lesson after its
 * "Show me", on tiny-gpt2 in the built app. Each image is the lesson panel with, below it, the part of the page the
 * chapter points at (cut to one screen), stacked in the browser on a canvas: no image library.
 *
 *   npx vite build --outDir dist-lesson && npx vite preview --outDir dist-lesson --port 4312 &
 *   npx tsx scripts/lessonScreenshots.ts [http://127.0.0.1:4312] [en|zh-CN]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';

const BASE = process.argv[2] ?? 'http://127.0.0.1:4312';
const LANG = process.argv[3] ?? 'en';
if (LANG !== 'en' && LANG !== 'zh-CN') throw new Error(`language ${LANG}: en or zh-CN`);
const OUT = LANG === 'en' ? join('docs', 'lesson') : join('docs', 'lesson', LANG);
const WIDTH = 1280;
const HEIGHT = 1000;
/** The most of one page part an image shows, in px, so that each PNG stays small. */
const PART_MAX = 560;

/** Per chapter: the parts of the page shown below the panel, and what says its state is there. */
const PARTS: Record<number, { parts: string[]; ready: string }> = {
  1: { parts: ['step-detail'], ready: '[data-testid=app-status][data-state=done]' },
  2: { parts: ['compare-runs'], ready: '[data-testid=compare-runs][data-diverge-step="2"]' },
  3: { parts: ['compare-runs'], ready: '[data-testid=compare-time-chart]' },
  4: { parts: ['inspect-panel', 'kv-cache'], ready: '[data-testid=mask-grid]' },
  5: { parts: ['context-strip'], ready: '[data-testid=lesson-ar]:not([data-t="2"])' },
  6: { parts: ['strategy-panel'], ready: '[data-testid=strategy-run-view][data-status=done]' },
  7: { parts: ['strategy-panel'], ready: '[data-testid=strategy-compare][data-same-tokens=yes]' },
  8: { parts: [], ready: '[data-testid=lesson-table]' },
};

/** A PNG of the element with `testId`, at most `max` px tall (its top part). */
async function shot(page: Page, testId: string, max: number): Promise<Buffer> {
  const element = page.getByTestId(testId).first();
  await element.evaluate((node) => node.scrollIntoView({ block: 'start' }));
  const box = await element.boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  const height = Math.min(box.height, max, HEIGHT - box.y);
  return page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height } });
}

/** The images one below the other, 8 px apart, on the page's background, as one PNG. */
async function stack(page: Page, images: Buffer[]): Promise<Buffer> {
  const urls = images.map((b) => `data:image/png;base64,${b.toString('base64')}`);
  const dataUrl = await page.evaluate(async (sources) => {
    const loaded = await Promise.all(
      sources.map(
        (src) =>
          new Promise<HTMLImageElement>((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve(img);
            img.onerror = reject;
            img.src = src;
          }),
      ),
    );
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(...loaded.map((i) => i.width));
    canvas.height = loaded.reduce((h, i) => h + i.height, 0) + 8 * (loaded.length - 1);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#f6f7fb';
    g.fillRect(0, 0, canvas.width, canvas.height);
    let y = 0;
    for (const img of loaded) {
      g.drawImage(img, 0, y);
      y += img.height + 8;
    }
    return canvas.toDataURL('image/png');
  }, urls);
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({
    viewport: { width: WIDTH, height: HEIGHT },
    reducedMotion: 'reduce',
  });
  await page.goto(`${BASE}/?model=tiny-gpt2&ep=wasm&lesson=1&lang=${LANG}`);
  for (let chapter = 1; chapter <= 8; chapter++) {
    if (chapter > 1) await page.getByTestId('lesson-next').click();
    await page.getByTestId('lesson-show-me').click();
    await page.locator(PARTS[chapter].ready).first().waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=app-status]:not([data-state=generating])').waitFor();
    if (chapter === 5) {
      // The toy stops a few values in, so the picture shows its sum.
      await page.waitForTimeout(3000);
      await page.getByTestId('ar-play').click();
    }
    const parts = [await shot(page, 'lesson-panel', HEIGHT)];
    for (const part of PARTS[chapter].parts) parts.push(await shot(page, part, PART_MAX));
    const file = join(OUT, `chapter-${chapter}.png`);
    writeFileSync(file, await stack(page, parts));
    console.log(file);
  }
  await browser.close();
}

await main();
