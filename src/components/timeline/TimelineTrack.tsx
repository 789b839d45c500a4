import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { StepRecord } from '../../engine/generation';
import { translate, useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import type { Language } from '../../store/urlParams';
import { selectStep } from '../../store/viewActions';
import { afterLayout } from '../shared/afterLayout';
import { PrefillBlock } from './PrefillBlock';
import {
  BLOCK,
  blocksOf,
  blocksToDraw,
  CELL,
  prefillWidth,
  slotsOf,
  stepAtX,
  stepSpan,
} from './timelineBlocks';
import { useScrollView } from './useScrollView';
import './Timeline.css';

const StepCell = memo(function StepCell(props: {
  record: StepRecord;
  selected: boolean;
  lang: Language;
}) {
  const { record, selected } = props;
  const height = Math.max(4, Math.round(record.chosenProb * 28));
  return (
    <li
      className={`timeline-step${selected ? ' selected' : ''}${record.forced ? ' forced' : ''}`}
      data-testid="timeline-step"
      data-step={record.step}
      data-token-id={record.tokenId}
      data-context-length={record.contextLength}
      data-ms={record.modelMs.toFixed(2)}
      aria-current={selected ? 'step' : undefined}
      // Only the cells near the view exist: this tells assistive technology where one is. The
      // size is "unknown" (-1): the run's count would change every cell's props, and so
      // re-render them all, each step; the panel's heading shows the count.
      aria-posinset={record.step}
      aria-setsize={-1}
      title={translate(props.lang, 'stepTip', {
        n: record.step,
        id: record.tokenId,
        prob: `${(record.chosenProb * 100).toFixed(1)}%`,
        ms: record.modelMs.toFixed(1),
      })}
    >
      <span className="timeline-index">{record.step}</span>
      <span className="timeline-token">{record.token.label}</span>
      <span className="timeline-prob" style={{ height }} aria-hidden="true" />
    </li>
  );
});

const CellBlock = memo(function CellBlock(props: {
  records: readonly StepRecord[];
  selected: number | null;
  lang: Language;
}) {
  return props.records.map((record) => (
    <StepCell
      key={record.step}
      record={record}
      selected={record.step === props.selected}
      lang={props.lang}
    />
  ));
});

/**
 * The run's steps as a horizontal track: the prefill block (step 0), then fixed-width cells. Only
 * the blocks of cells near the view (and the shown step's) are drawn; the others are empty boxes
 * of the same width, so the scroll range, the pointer's step and every drawn cell's place are
 * those of the whole run, while the page holds a few dozen cells however long the run.
 */
export function TimelineTrack(props: {
  steps: readonly StepRecord[];
  shown: number | null;
  promptLength: number;
}) {
  const { steps, shown, promptLength } = props;
  const t = useT();
  const lang = useAppStore((s) => s.settings.lang);
  const track = useRef<HTMLOListElement>(null);
  const view = useScrollView(track, (BLOCK * CELL) / 2);
  const blocks = useMemo(() => blocksOf(steps), [steps]);
  const prefillPx = prefillWidth(promptLength);
  const shownBlock = shown === null || shown === 0 ? null : Math.floor((shown - 1) / BLOCK);
  // The cells start after the prefill block: the blocks near the view are counted from there.
  const cellView = { start: view.start - prefillPx, size: view.size };
  const drawn = blocksToDraw(blocks.length, BLOCK * CELL, cellView, shownBlock);
  const slots = slotsOf(drawn, blocks.length);

  // Keep the shown step in view: positions come from the fixed cell width, the scroll offset and
  // width are read after the frame's layout. (Read in the effect or in a scroll event, they
  // forced a layout of a page that had just changed, on every step of a long run.)
  useEffect(() => {
    if (shown === null) return;
    return afterLayout(() => {
      const list = track.current;
      if (!list) return;
      const left = list.scrollLeft;
      const width = list.clientWidth;
      const cell = stepSpan(shown, prefillPx);
      if (cell.start < left || cell.start + cell.size > left + width) {
        list.scrollTo({ left: cell.start - width / 2 + cell.size / 2 });
      }
    });
  }, [shown, steps.length, prefillPx]);

  const stepAt = (event: PointerEvent<HTMLOListElement>): number => {
    const list = event.currentTarget;
    const x = event.clientX - list.getBoundingClientRect().left + list.scrollLeft;
    return stepAtX(x, prefillPx, steps.length);
  };
  const onPointerDown = (event: PointerEvent<HTMLOListElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    selectStep(stepAt(event));
  };
  const onPointerMove = (event: PointerEvent<HTMLOListElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) selectStep(stepAt(event));
  };

  return (
    <ol
      ref={track}
      className="timeline"
      data-testid="timeline"
      data-steps={steps.length}
      aria-label={t('timelineScrub')}
      // A run longer than the view scrolls: keyboard users reach the strip to scroll it (← →
      // then move the shown step, as everywhere on the page).
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
    >
      <PrefillBlock
        tokens={promptLength}
        ms={steps[0].modelMs}
        width={prefillPx}
        selected={shown === 0}
        lang={lang}
      />
      {slots.map((slot) => {
        if (slot.kind === 'gap') {
          const cells = Math.min(slot.to * BLOCK, steps.length) - slot.from * BLOCK;
          return (
            <li
              key={`gap-${slot.from}`}
              className="timeline-gap"
              style={{ width: cells * CELL }}
              aria-hidden="true"
            />
          );
        }
        // Only the block holding the shown step gets it: the others keep equal props.
        const selected = slot.block === shownBlock ? shown : null;
        return (
          <CellBlock
            key={slot.block}
            records={blocks[slot.block]}
            selected={selected}
            lang={lang}
          />
        );
      })}
    </ol>
  );
}
