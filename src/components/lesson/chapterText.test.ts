/**
 * Which model note a chapter shows: the tiny notes ("it is so small", its draft costing as much)
 * for tiny-gpt2 only; another random-weight model at GPT-2's size gets a note of its own.
 */
import { describe, expect, it } from 'vitest';
import { modelFromId } from '../../engine/modelCatalog';
import { en } from '../../i18n/en';
import { modelNote } from './chapterText';

describe('the lesson’s model note', () => {
  it('is the tiny note for tiny-gpt2 only', () => {
    expect(modelNote(modelFromId('tiny-gpt2'))).toBe('tiny');
    expect(modelNote(modelFromId('tiny-gpt2:q8'))).toBe('tiny');
    expect(modelNote(modelFromId('gpt2-shaped'))).toBe('random');
    expect(modelNote(modelFromId('gpt2-shaped:q8'))).toBe('random');
    expect(modelNote(modelFromId('gpt2'))).toBeNull();
    expect(modelNote(modelFromId('Xenova/gpt2@hub'))).toBeNull();
    expect(modelNote(null)).toBeNull();
  });

  it('says random weights at GPT-2’s size, not tiny, for the other random models', () => {
    expect(en.lessonRandomNote).toMatch(/random weights at GPT-2’s size/);
    expect(en.lessonRandomNote).not.toMatch(/tiny|small/);
  });
});
