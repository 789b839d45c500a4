import { useEffect, useState, type CSSProperties } from 'react';
import { whenIdle } from '../shared/whenIdle';

const MONO = "ui-monospace, 'SFMono-Regular', Menlo, monospace";
/** The sizes the run views' styles use (see the .css files next to them), and the default ones. */
const SIZES = [0.68, 0.72, 0.75, 0.78, 0.8, 0.83, 0.85, 0.9, 1, 1.17, 1.3, 1.5];
const FACES: CSSProperties[] = [
  {},
  { fontWeight: 600 },
  { fontStyle: 'italic' },
  { fontFamily: MONO },
  { fontFamily: MONO, fontWeight: 600 },
];
/** Digits, signs and the marks the views draw with, so that fallback fonts are found too. */
const SAMPLE = 'Ag 0.9% Σ ✓ ▲ ◆ · ⟨e4⟩ ↵ … — 从';

const HIDDEN: CSSProperties = {
  position: 'fixed',
  left: -10000,
  top: 0,
  width: 2000,
  visibility: 'hidden',
  contain: 'layout paint',
  pointerEvents: 'none',
};

/**
 * Lays out a line of text in every face and size the run views use, once, while the page is idle
 * after start-up, then goes away. The first text in a face makes Chromium ask the browser process
 * for the face's settings, a synchronous call; the first step of a run, which shows a dozen new
 * faces at once, froze the page for seconds on a busy machine (bench/README.md, "Figures behind
 * code comments").
 */
export function FontWarmup() {
  const [phase, setPhase] = useState<'waiting' | 'shown' | 'done'>('waiting');
  useEffect(() => {
    if (phase === 'done') return;
    if (phase === 'waiting') {
      return whenIdle(() => setPhase('shown'), 2000);
    }
    // Laid out in the frame after it was shown: remove it in the one after that.
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setPhase('done'));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [phase]);
  if (phase !== 'shown') return null;
  return (
    <div aria-hidden="true" style={HIDDEN}>
      {FACES.flatMap((face, f) =>
        SIZES.map((size) => (
          <span key={`${f}-${size}`} style={{ ...face, fontSize: `${size}rem` }}>
            {SAMPLE}
          </span>
        )),
      )}
    </div>
  );
}
