import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';

/**
 * A Hugging Face Hub repo folder, offline. The Hub's URLs are answered by route interception the
 * way the real Hub answers them: `config.json` directly, the large file by a 302 to a CDN. The
 * "CDN" is a local server, because a fulfilled route delivers its body at once, and only a real
 * socket can stream the body slowly, hold it half-way or break off mid-download.
 */

/** Where a held or broken download stops: far enough for several progress reports (256 KiB). */
export const PART = 5_000_000;

// The page is cross-origin isolated (COEP require-corp): cross-origin answers must opt in.
const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

type CdnMode = 'serve' | 'hold' | 'break';

/** The local CDN the Hub redirects the large file to; it serves `body` under `/name`. */
export class Cdn {
  mode: CdnMode = 'serve';
  requests = 0;
  private server: Server | null = null;
  private release: (() => void) | null = null;
  private held: Promise<void> = Promise.resolve();

  constructor(
    private readonly body: Uint8Array,
    private readonly name: string,
  ) {}

  /** Listens on a new port, serving in full, with no request counted yet. */
  async start(): Promise<void> {
    this.mode = 'serve';
    this.requests = 0;
    this.release = null;
    this.held = Promise.resolve();
    const body = this.body;
    this.server = createServer((_req, res) => {
      this.requests++;
      res.writeHead(200, {
        ...CROSS_ORIGIN,
        'content-type': 'application/octet-stream',
        'content-length': `${body.length}`,
      });
      if (this.mode === 'serve') return void res.end(body);
      const mode = this.mode;
      res.write(body.subarray(0, PART), () => {
        // A broken download: the announced length never arrives.
        if (mode === 'break') return void res.destroy();
        void this.held.then(() => res.end(body.subarray(PART)));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/${this.name}`;
  }

  /** The next download stops after PART bytes until `resume()`. */
  hold(): void {
    this.mode = 'hold';
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
  }

  async stop(): Promise<void> {
    this.resume();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A CDN serving `body` to each test of the calling `describe`: started afresh, then stopped. */
export function cdnForEachTest(body: Uint8Array, name: string): Cdn {
  const cdn = new Cdn(body, name);
  test.beforeEach(() => cdn.start());
  test.afterEach(() => cdn.stop());
  return cdn;
}

/** The repo folder the fake Hub answers for: its Hub URL, its config, and the file it redirects. */
export interface HubRepo {
  /** The folder's URL on the Hub, ending in `/resolve/main/`. */
  folder: string;
  config: Uint8Array;
  /** The path in the folder that the Hub answers with a 302 to the CDN. */
  large: string;
}

/** `offline` fails every request; `abort-model` every one but `config.json`. */
type HubMode = 'serve' | 'offline' | 'abort-model';

/**
 * Routes the Hub's URLs (or the mirror's, the same folder on `origin`) for a browser context;
 * `log` lists every file asked for.
 */
export async function fakeHub(
  context: BrowserContext,
  cdn: Cdn,
  repo: HubRepo,
  origin = 'https://huggingface.co',
) {
  const hub = { mode: 'serve' as HubMode, log: [] as string[] };
  const folder = `${origin}${new URL(repo.folder).pathname}`;
  // The download runs in the engine's dedicated worker; a context route covers every page and
  // worker of the context (page.route happens to reach dedicated workers too in Chromium).
  await context.route(`${origin}/**`, async (route: Route) => {
    const url = route.request().url();
    const file = url.startsWith(folder) ? url.slice(folder.length) : url;
    hub.log.push(file);
    const failing =
      hub.mode === 'offline' || (hub.mode === 'abort-model' && file !== 'config.json');
    if (failing) return route.abort('internetdisconnected');
    if (file === 'config.json') {
      return route.fulfill({
        status: 200,
        headers: { ...CROSS_ORIGIN, 'content-type': 'application/json' },
        body: Buffer.from(repo.config),
      });
    }
    if (file === repo.large) {
      return route.fulfill({ status: 302, headers: { ...CROSS_ORIGIN, location: cdn.url } });
    }
    return route.fulfill({ status: 404, headers: CROSS_ORIGIN, body: 'Entry not found' });
  });
  return hub;
}

type FakeHub = Awaited<ReturnType<typeof fakeHub>>;

/**
 * Opens `url`, which loads the model from the fake Hub in one download, then reloads it with the
 * Hub unreachable: `done` (the run finished as expected) must hold both times, with no error.
 */
export async function loadThenReloadOffline(
  page: Page,
  url: string,
  hub: FakeHub,
  cdn: Cdn,
  done: () => Promise<void>,
): Promise<void> {
  await page.goto(url);
  await agreeToDownload(page);
  await done();
  expect(cdn.requests).toBe(1);

  hub.mode = 'offline';
  hub.log.length = 0;
  await page.reload();
  await done();
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  // Nothing was fetched: any Hub request would have failed, and the CDN saw no second download.
  expect(hub.log).toEqual([]);
  expect(cdn.requests).toBe(1);
}

/**
 * A link naming a model that is not at hand waits for the user's consent: the offer states the
 * download and nothing was fetched before the click.
 */
export async function agreeToDownload(page: Page): Promise<void> {
  const offer = page.getByTestId('link-download-offer');
  await expect(offer).toContainText('MB');
  await page.getByTestId('link-download-button').click();
}
