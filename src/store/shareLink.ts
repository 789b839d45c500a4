/** A link that opens the app with the same settings (the URL parameters are a public interface). */
import type { Settings } from './appStore';

export function shareUrl(settings: Settings, pageUrl: string): string {
  const url = new URL(pageUrl);
  const { sampling } = settings;
  const params = new URLSearchParams({
    model: settings.modelId,
    prompt: settings.prompt,
    steps: `${settings.steps}`,
    strategy: sampling.strategy,
  });
  if (sampling.strategy === 'sample') {
    params.set('temperature', `${sampling.temperature}`);
    params.set('topK', `${sampling.topK}`);
    params.set('topP', `${sampling.topP}`);
    params.set('seed', `${sampling.seed}`);
  }
  params.set('lang', settings.lang);
  url.search = params.toString();
  url.hash = '';
  return url.href;
}
