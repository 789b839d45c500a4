import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { StepRecord } from '../engine/generation';
import { useT } from '../i18n';
import { activeRun, activeSteps, shownStep, useAppStore } from '../store/appStore';
import { selectStep } from '../store/viewActions';
import { afterLayout } from './afterLayout';
import { PlaybackBar } from './PlaybackBar';
import { BLOCK, blocksOf } from './timelineBlocks';
import './Timeline.css';

/** Width of one step cell in px (also in Timeline.css): fixed, so a pointer maps to a step. */
const CELL = 64;

const StepCell = memo(function StepCell(props: { record: StepRecord; selected: boolean }) {
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
      title={`#${record.step} · id ${record.tokenId} · ${(record.chosenProb * 100).toFixed(1)}% · ${record.modelMs.toFixed(1)} ms`}
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
}) {
  return props.records.map((record) => (
    <StepCell key={record.step} record={record} selected={record.step === props.selected} />
  ));
});

/**
 * One cell per decode step, in order: the chain. Click or drag along it to show any step; the
 * shown step stays in view while the run grows.
 */
export function Timeline() {
  const t = useT();
  const steps = useAppStore(activeSteps);
  const shown = useAppStore(shownStep);
  const stopReason = useAppStore((s) => activeRun(s)?.stopReason ?? null);
  const track = useRef<HTMLOListElement>(null);
  const blocks = useMemo(() => blocksOf(steps), [steps]);

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
      const cell = (shown - 1) * CELL;
      if (cell < left || cell + CELL > left + width) {
        list.scrollTo({ left: cell - width / 2 + CELL / 2 });
      }
    });
  }, [shown, steps.length]);

  const stepAt = (event: PointerEvent<HTMLOListElement>): number => {
    const list = event.currentTarget;
    const x = event.clientX - list.getBoundingClientRect().left + list.scrollLeft;
    return Math.floor(x / CELL) + 1;
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
    <section className="panel timeline-panel" aria-label={t('timeline')}>
      <h2>
        {t('timeline')} <small>{steps.length}</small>
      </h2>
      <PlaybackBar />
      {steps.length === 0 ? (
        <p className="muted">{t('timelineEmpty')}</p>
      ) : (
        <ol
          ref={track}
          className="timeline"
          data-testid="timeline"
          aria-label={t('timelineScrub')}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
        >
          {blocks.map((records, b) => {
            // Only the block holding the shown step gets it: the others keep equal props.
            const holds = shown !== null && Math.ceil(shown / BLOCK) === b + 1;
            return <CellBlock key={b} records={records} selected={holds ? shown : null} />;
          })}
        </ol>
      )}
      {stopReason && (
        <p className="muted" data-testid="stop-reason" data-reason={stopReason}>
          {t(`stop_${stopReason}`)}
        </p>
      )}
    </section>
  );
}
