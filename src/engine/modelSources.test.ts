import { describe, expect, it } from 'vitest';
import { builtModel, hubModel, localModel } from './modelCatalog';
import { resolveModelUrl } from './modelFiles';
import {
  connectSources,
  fromSource,
  parseModelOrigins,
  parseSource,
  sourceText,
  type SitePolicy,
} from './modelSources';

const SITE: SitePolicy = { pageOrigin: 'http://192.168.1.10:4173', extraOrigins: [] };
const PUBLIC: SitePolicy = {
  pageOrigin: 'https://stepwise.example',
  extraOrigins: ['https://models.school.example', 'http://10.0.0.5:8080'],
};

describe('parseSource', () => {
  it('reads hub, mirror and a server on an allowed origin, keeping the path with one end slash', () => {
    expect(parseSource('hub', SITE)).toEqual({ ok: true, source: { kind: 'hub' } });
    expect(parseSource(' mirror ', SITE)).toEqual({ ok: true, source: { kind: 'mirror' } });
    expect(parseSource('http://192.168.1.10:4173', SITE)).toEqual({
      ok: true,
      source: { kind: 'server', url: 'http://192.168.1.10:4173/' },
    });
    expect(parseSource('http://192.168.1.10:4173/class?x=1#top', SITE)).toEqual({
      ok: true,
      source: { kind: 'server', url: 'http://192.168.1.10:4173/class/' },
    });
    expect(parseSource('https://models.school.example/', PUBLIC)).toMatchObject({ ok: true });
  });

  it('refuses what is not an address, not http(s), or carries credentials', () => {
    expect(parseSource('', SITE)).toEqual({ ok: false, problem: { kind: 'not_url' } });
    expect(parseSource('192.168.1.10:4173', SITE)).toMatchObject({ ok: false });
    expect(parseSource('teacher', SITE)).toEqual({ ok: false, problem: { kind: 'not_url' } });
    expect(parseSource('ftp://192.168.1.10/', SITE)).toEqual({
      ok: false,
      problem: { kind: 'not_http' },
    });
    expect(parseSource('javascript:alert(1)', SITE)).toEqual({
      ok: false,
      problem: { kind: 'not_http' },
    });
    expect(parseSource('http://a:b@192.168.1.10:4173/', SITE)).toEqual({
      ok: false,
      problem: { kind: 'not_url' },
    });
  });

  it('refuses an origin the site was not built for, and names the allowed ones', () => {
    expect(parseSource('http://192.168.1.11:4173/', SITE)).toEqual({
      ok: false,
      problem: { kind: 'not_allowed', allowed: ['http://192.168.1.10:4173'] },
    });
    // The Hub itself is a source by name, not a teacher's server.
    expect(parseSource('https://huggingface.co/', PUBLIC)).toMatchObject({
      ok: false,
      problem: { kind: 'not_allowed' },
    });
  });

  it('refuses an http server from an https page, except on loopback addresses', () => {
    expect(parseSource('http://10.0.0.5:8080/', PUBLIC)).toEqual({
      ok: false,
      problem: { kind: 'mixed_content' },
    });
    const local = { ...PUBLIC, extraOrigins: ['http://localhost:4173', 'http://127.0.0.1:4173'] };
    expect(parseSource('http://localhost:4173/', local)).toMatchObject({ ok: true });
    expect(parseSource('http://127.0.0.1:4173/', local)).toMatchObject({ ok: true });
  });

  it('round-trips through the setting text', () => {
    for (const text of ['hub', 'mirror', 'http://192.168.1.10:4173/class/']) {
      const check = parseSource(text, SITE);
      expect(check.ok && sourceText(check.source)).toBe(text);
    }
  });
});

describe('fromSource', () => {
  const hubQ8 = hubModel(undefined, 'q8');
  const file = 'onnx/model_quantized.onnx';

  it('leaves Hub downloads and app-served models as they are on the Hub', () => {
    expect(fromSource(hubQ8, { kind: 'hub' })).toBe(hubQ8);
    const local = localModel('gpt2');
    expect(fromSource(local, { kind: 'mirror' })).toBe(local);
    expect(fromSource(local, { kind: 'server', url: 'http://192.168.1.10:4173/' })).toBe(local);
  });

  it('asks the mirror for the Hub paths and a teacher’s server for its models/<name>/ folder', () => {
    const mirror = fromSource(hubQ8, { kind: 'mirror' });
    expect(resolveModelUrl(mirror, file)).toBe(
      'https://hf-mirror.com/Xenova/gpt2/resolve/main/onnx/model_quantized.onnx',
    );
    const server = fromSource(hubQ8, { kind: 'server', url: 'http://192.168.1.10:4173/class/' });
    expect(resolveModelUrl(server, 'config.json')).toBe(
      'http://192.168.1.10:4173/class/models/gpt2/config.json',
    );
    expect(resolveModelUrl(server, file)).toBe(
      'http://192.168.1.10:4173/class/models/gpt2/onnx/model_quantized.onnx',
    );
    // Same files, same id, same files tried, and filed in the cache under the Hub's URLs.
    for (const spec of [mirror, server]) {
      expect(spec.id).toBe(hubQ8.id);
      expect(spec.modelFiles).toEqual(hubQ8.modelFiles);
      expect(spec.cacheBaseUrl).toBe(hubQ8.baseUrl);
    }
  });
});

describe('fromSource for a model built in the browser', () => {
  const built = builtModel('openai-community/gpt2');
  const hubFolder = 'https://huggingface.co/openai-community/gpt2/resolve/main/';

  it('downloads the original weights from the Hub by default', () => {
    expect(fromSource(built, { kind: 'hub' })).toBe(built);
    expect(built.weights).toEqual({ baseUrl: hubFolder });
  });

  it('rewrites where the weights come from, files them under the Hub, and keeps the built folder', () => {
    const mirror = fromSource(built, { kind: 'mirror' });
    expect(mirror.weights).toEqual({
      baseUrl: 'https://hf-mirror.com/openai-community/gpt2/resolve/main/',
      cacheBaseUrl: hubFolder,
    });
    const distil = builtModel('distilbert/distilgpt2', 'q8');
    const server = fromSource(distil, { kind: 'server', url: 'http://192.168.1.10:4173/' });
    expect(server.weights).toEqual({
      baseUrl: 'http://192.168.1.10:4173/models/distilgpt2/',
      cacheBaseUrl: 'https://huggingface.co/distilbert/distilgpt2/resolve/main/',
    });
    for (const [from, to] of [
      [built, mirror],
      [distil, server],
    ]) {
      expect(to.id).toBe(from.id);
      expect(to.baseUrl).toBe(from.baseUrl);
      expect(to.cacheBaseUrl).toBeUndefined();
      expect(to.modelFiles).toEqual(from.modelFiles);
    }
  });
});

describe('STEPWISE_MODEL_ORIGIN and the connect-src it makes', () => {
  it('takes bare http(s) origins separated by spaces or commas', () => {
    expect(parseModelOrigins('')).toEqual([]);
    expect(parseModelOrigins('http://192.168.1.10:4173, https://Models.School.example/')).toEqual([
      'http://192.168.1.10:4173',
      'https://models.school.example',
    ]);
  });

  it('fails on anything else, naming it', () => {
    for (const bad of ['192.168.1.10:4173', 'ftp://x.example', 'http://x.example/models', 'hub']) {
      expect(() => parseModelOrigins(bad)).toThrow(bad);
    }
  });

  it('lists the site, the Hub and its file hosts, the mirror, then the named origins', () => {
    expect(connectSources(['http://192.168.1.10:4173'])).toBe(
      "'self' https://huggingface.co https://*.huggingface.co https://*.hf.co " +
        'https://hf-mirror.com https://*.hf-mirror.com http://192.168.1.10:4173',
    );
  });
});
