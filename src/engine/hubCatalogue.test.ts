import { describe, expect, it } from 'vitest';
import { HUB_ID } from './hubCheck';
import { catalogueModel, HUB_CATALOGUE } from './hubCatalogue';
import { modelFromId } from './modelCatalog';

describe('HUB_CATALOGUE', () => {
  it('names Hub repos by ids that no site model or other id form takes', () => {
    for (const model of HUB_CATALOGUE) {
      expect(HUB_ID.test(model.repo)).toBe(true);
      // A site folder of the same name would make `?model=` ambiguous.
      expect(['tiny-gpt2', 'gpt2', 'gpt2-shaped']).not.toContain(model.id);
      expect(modelFromId(model.id)?.origin).toBe('local'); // parsed as a folder: urlParams maps it first
      expect(catalogueModel(model.id)).toBe(model);
    }
    expect(new Set(HUB_CATALOGUE.map((m) => m.id)).size).toBe(HUB_CATALOGUE.length);
    expect(catalogueModel('gpt2')).toBeUndefined();
  });

  it('offers a model that writes Chinese', () => {
    expect(HUB_CATALOGUE.some((m) => m.languages.includes('zh'))).toBe(true);
  });
});
