import { useLayoutEffect, useState, type RefObject } from 'react';
import type { View } from './timelineBlocks';

/**
 * The part of a scroller on screen along one axis, in steps of `quantumPx`: a list that draws only
 * the items near the view re-renders when the view crosses a step, not on every scrolled pixel.
 * Sizes come from a ResizeObserver; offsets are read in scroll events, which the browser fires
 * in its rendering step, before the frame's layout: a page that changed since the last frame is
 * laid out there once, instead of later in the frame.
 */
export function useScrollView(
  ref: RefObject<HTMLElement | null>,
  axis: 'x' | 'y',
  quantumPx: number,
): View {
  const [view, setView] = useState<View>({ start: 0, size: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const offset = () => (axis === 'x' ? element.scrollLeft : element.scrollTop);
    let size = axis === 'x' ? element.clientWidth : element.clientHeight;
    const update = () => {
      const start = Math.floor(offset() / quantumPx) * quantumPx;
      const rounded = Math.ceil(size / quantumPx) * quantumPx;
      setView((old) =>
        old.start === start && old.size === rounded ? old : { start, size: rounded },
      );
    };
    update();
    const resize = new ResizeObserver(([entry]) => {
      size = axis === 'x' ? entry.contentRect.width : entry.contentRect.height;
      update();
    });
    resize.observe(element);
    element.addEventListener('scroll', update, { passive: true });
    return () => {
      resize.disconnect();
      element.removeEventListener('scroll', update);
    };
  }, [ref, axis, quantumPx]);
  return view;
}
