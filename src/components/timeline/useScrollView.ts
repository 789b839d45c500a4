import { useLayoutEffect, useState, type RefObject } from 'react';
import { afterLayout } from '../shared/afterLayout';
import type { View } from './timelineBlocks';

/**
 * The part of a horizontal scroller on screen, in steps of `quantumPx`: a list that draws only
 * the items near the view re-renders when the view crosses a step, not on every scrolled pixel.
 * Nothing here forces a layout: the width comes from a ResizeObserver (its callback runs after
 * layout, where the offset is read too), and a scroll's offset is read after the frame's layout
 * (afterLayout), as the views that keep their shown item in view do — read in the scroll event
 * itself, it forced a layout of a page that had just changed, on every step of a long run.
 */
export function useScrollView(ref: RefObject<HTMLElement | null>, quantumPx: number): View {
  const [view, setView] = useState<View>({ start: 0, size: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    let size = 0;
    const update = () => {
      const start = Math.floor(element.scrollLeft / quantumPx) * quantumPx;
      const rounded = Math.ceil(size / quantumPx) * quantumPx;
      setView((old) =>
        old.start === start && old.size === rounded ? old : { start, size: rounded },
      );
    };
    // One read per frame however many scroll events arrive.
    let pending: (() => void) | null = null;
    const onScroll = () => {
      pending ??= afterLayout(() => {
        pending = null;
        update();
      });
    };
    const resize = new ResizeObserver(([entry]) => {
      size = entry.contentRect.width;
      update();
    });
    resize.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      resize.disconnect();
      element.removeEventListener('scroll', onScroll);
      pending?.();
    };
  }, [ref, quantumPx]);
  return view;
}
