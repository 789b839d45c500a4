/**
 * The settings fields on a phone: folded away once the model starts computing, so that the lesson
 * and the run are in view rather than below a screen of fields; a button unfolds them. The run
 * buttons never fold, so Stop stays in reach during the run. On wider screens the form sits
 * beside the run and is never folded.
 */
import { create } from 'zustand';
import { useAppStore, type AppState } from './appStore';

/** Screens this narrow stack the form above the run (App.css), where it would be in the way. */
export const NARROW_SCREEN = '(max-width: 600px)';

/** The settings fields' box, which folds (Controls.tsx); the fold button names it. */
export const SETTINGS_FIELDS_ID = 'settings-fields';

export const useFormFold = create<{ folded: boolean }>(() => ({ folded: false }));

const narrow = (): boolean =>
  typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(NARROW_SCREEN).matches;

export function setFormFolded(folded: boolean): void {
  useFormFold.setState({ folded });
}

/** Folds the form when the screen is narrow (after Generate, a Step, a lesson's "Show me"). */
export function foldIfNarrow(): void {
  if (narrow()) setFormFolded(true);
}

/** The model starts computing: on a phone the form makes way for the run. */
export function followGeneration(state: AppState, prev: AppState): void {
  if (state.live.busy && !prev.live.busy) foldIfNarrow();
}

useAppStore.subscribe(followGeneration);
