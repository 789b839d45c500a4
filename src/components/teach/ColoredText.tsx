import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { StepRecord } from '../../engine/generation';
import { translate, useT } from '../../i18n';
import { activeRun, activeSteps, useAppStore } from '../../store/appStore';
import { useVocabulary } from '../../store/vocabularies';
import type { Language } from '../../store/urlParams';
import { branchAt } from '../../store/engineActions';
import { togglePlay } from '../../store/playback';
import { rankedCandidates } from '../../store/teachGuess';
import { setShadeBy, useTeachStore, type ShadeBy } from '../../store/teachStore';
import { useThrottledStore } from '../shared/useThrottledStore';
import { percent, visible, type T } from '../step/format';
import { ShadeLegend } from './ShadeLegend';
import { tokenFaces, type TokenFace } from './tokenFaces';
import { shadeLevel } from './tokenShade';
import './Teach.css';

/** How many of a step's candidates the alternatives list: enough to read from the back row. */
const ALTERNATIVES = 10;

/**
 * How long the pointer rests on a token before its alternatives show: the pointer crosses other
 * tokens on its way down to the list, and those must not replace it.
 */
const HOVER_MS = 250;

const valueOf = (by: ShadeBy, step: StepRecord): number =>
  by === 'prob' ? step.chosenProb : step.entropy;

/** The other tokens the model weighed at one step; a click branches the run there. */
function Alternatives(props: {
  step: StepRecord;
  busy: boolean;
  id: string;
  onBranch: (tokenId: number) => void;
  t: T;
}) {
  const { step, busy, id, onBranch, t } = props;
  const hintId = `${id}-hint`;
  const token = `“${visible(step.token.label)}”`;
  return (
    <div id={id} className="tc-alts" data-testid="colored-alternatives" data-step={step.step}>
      <p className="tc-alts-title">
        {t('teachAltTitle', { n: step.step, token, prob: percent(step.chosenProb) })}
      </p>
      <p id={hintId} className="muted">
        {busy ? t('teachAltBusy') : t('teachAltHint')}
      </p>
      <ul className="tc-alt-list">
        {rankedCandidates(step)
          .slice(0, ALTERNATIVES)
          .map(({ candidate: c, rank }) => {
            const chosen = c.id === step.tokenId;
            const text = visible(c.token.label);
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`tc-alt${chosen ? ' tc-alt-chosen' : ''}`}
                  data-testid="colored-alternative"
                  data-token-id={c.id}
                  data-prob={c.prob}
                  data-rank={rank}
                  data-chosen={chosen ? 'true' : 'false'}
                  disabled={busy || chosen}
                  title={
                    chosen ? undefined : t('teachAltBranch', { token: `“${text}”`, n: step.step })
                  }
                  aria-describedby={hintId}
                  onClick={() => onBranch(c.id)}
                  onKeyDown={(e) => {
                    // Space plays or pauses here too, as on a candidate row: it never branches.
                    if (e.key !== ' ') return;
                    e.preventDefault();
                    e.stopPropagation();
                    togglePlay();
                  }}
                >
                  <span className="tc-alt-rank">{rank}</span>
                  <span className="tc-alt-token">{text}</span>
                  <span className="tc-alt-prob">{percent(c.prob)}</span>
                  {chosen && <span className="tc-alt-mark">✓ {t('teachAltChosen')}</span>}
                </button>
              </li>
            );
          })}
      </ul>
    </div>
  );
}

/** What a token does when it is pointed at, focused or keyed; the same object on every render. */
interface TokenActions {
  hover: (step: number) => void;
  leave: () => void;
  open: (step: number) => void;
  key: (event: KeyboardEvent<HTMLButtonElement>, step: number) => void;
  register: (step: number, element: HTMLButtonElement | null) => void;
}

interface ColoredTokenProps {
  step: StepRecord;
  level: number;
  face: TokenFace;
  open: boolean;
  focusable: boolean;
  altId: string;
  lang: Language;
  actions: TokenActions;
}

/**
 * One token of the text. Memoised: while a run streams in, only the tokens that changed render
 * again, not every token of a long run.
 */
const ColoredToken = memo(
  function ColoredToken(props: ColoredTokenProps) {
    const { step: s, level, face, open, focusable, altId, lang, actions } = props;
    const numbers = {
      n: s.step,
      token: face.label,
      prob: percent(s.chosenProb),
      bits: s.entropy.toFixed(2),
    };
    return (
      <button
        ref={(el) => actions.register(s.step, el)}
        type="button"
        className={`tc-token tc-l${level}${open ? ' tc-open' : ''}`}
        data-testid="colored-token"
        data-step={s.step}
        data-token-id={s.tokenId}
        data-prob={s.chosenProb}
        data-entropy={s.entropy}
        data-level={level}
        data-char-group={face.piece?.part}
        data-char={face.piece?.part === 'end' ? face.piece.char : undefined}
        tabIndex={focusable ? 0 : -1}
        aria-label={
          face.piece
            ? translate(lang, 'teachTokenPiece', { ...numbers, char: face.piece.char })
            : translate(lang, 'teachTokenName', numbers)
        }
        aria-expanded={open}
        aria-controls={open ? altId : undefined}
        onMouseEnter={() => actions.hover(s.step)}
        onMouseLeave={actions.leave}
        onFocus={() => actions.open(s.step)}
        onClick={() => actions.open(s.step)}
        onKeyDown={(e) => actions.key(e, s.step)}
      >
        {face.text}
      </button>
    );
  },
  // A face is made anew with the list; what it shows is what counts.
  (a, b) =>
    a.step === b.step &&
    a.level === b.level &&
    a.open === b.open &&
    a.focusable === b.focusable &&
    a.altId === b.altId &&
    a.lang === b.lang &&
    a.actions === b.actions &&
    a.face.text === b.face.text &&
    a.face.label === b.face.label &&
    a.face.piece?.part === b.face.piece?.part &&
    a.face.piece?.char === b.face.piece?.char,
);

/**
 * The shown run's generated text, each token shaded by the model's probability of it (or by the
 * step's entropy). Pointing at a token, moving to it with the keyboard (one tab stop, then ← and
 * →) or tapping it shows the step's other likely tokens, each of which can start a branch.
 */
export function ColoredText() {
  const t = useT();
  const lang = useAppStore((s) => s.settings.lang);
  const steps = useThrottledStore(activeSteps);
  const prompt = useAppStore((s) => activeRun(s)?.prompt ?? '');
  const runId = useAppStore((s) => s.activeRunId);
  const busy = useAppStore((s) => s.live.busy || s.model.status === 'loading');
  const shadeBy = useTeachStore((s) => s.shadeBy);
  const [open, setOpen] = useState<number | null>(null);
  const tokens = useRef<Map<number, HTMLButtonElement>>(new Map());
  const count = useRef(0);
  useEffect(() => {
    count.current = steps.length;
  });
  // The run's own model's vocabulary: a Llama-family run's tokens are not GPT-2's.
  const vocab = useVocabulary(useAppStore((s) => activeRun(s)?.modelId));
  const faces = useMemo(
    () =>
      tokenFaces(
        steps.map((s) => s.tokenId),
        vocab,
      ),
    [steps, vocab],
  );
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const baseId = useId();
  const actions = useMemo((): TokenActions => {
    const stopHover = () => {
      if (hoverTimer.current !== null) clearTimeout(hoverTimer.current);
      hoverTimer.current = null;
    };
    return {
      hover: (step) => {
        stopHover();
        hoverTimer.current = setTimeout(() => setOpen(step), HOVER_MS);
      },
      leave: stopHover,
      open: setOpen,
      key: (event, step) => {
        const last = count.current;
        const moves: Record<string, number> = {
          ArrowLeft: step - 1,
          ArrowRight: step + 1,
          Home: 1,
          End: last,
        };
        const to = moves[event.key];
        if (to === undefined) return;
        // These keys move between tokens here, not through the run's steps (useKeyboardControls).
        event.preventDefault();
        event.stopPropagation();
        const target = Math.min(Math.max(to, 1), last);
        setOpen(target);
        tokens.current.get(target)?.focus();
      },
      register: (step, element) => {
        if (element) tokens.current.set(step, element);
        else tokens.current.delete(step);
      },
    };
  }, []);
  useEffect(() => actions.leave, [actions]);
  // After a branch, the focus goes to the forced token once the new run shows it.
  const focusAfter = useRef<{ step: number; fromRun: string | null } | null>(null);
  useEffect(() => {
    const wanted = focusAfter.current;
    if (!wanted || runId === wanted.fromRun || steps.length < wanted.step) return;
    focusAfter.current = null;
    tokens.current.get(wanted.step)?.focus();
  });
  if (steps.length === 0) return null;
  const openStep = open !== null && open <= steps.length ? steps[open - 1] : null;
  // One tab stop for the whole text: the open token's, else the first.
  const focusable = openStep ? openStep.step : 1;
  const altId = `${baseId}-alts`;
  return (
    <section
      className="panel teach-colored"
      data-testid="colored-text-panel"
      aria-labelledby={`${baseId}-title`}
    >
      <h2 id={`${baseId}-title`}>{t('teachColorTitle')}</h2>
      <p className="muted">{t('teachColorIntro')}</p>
      <div className="tc-controls">
        <label>
          {t('teachShadeBy')}{' '}
          <select
            data-testid="shade-by-select"
            value={shadeBy}
            onChange={(e) => setShadeBy(e.currentTarget.value === 'entropy' ? 'entropy' : 'prob')}
          >
            <option value="prob">{t('teachShadeProb')}</option>
            <option value="entropy">{t('teachShadeEntropy')}</option>
          </select>
        </label>
        <ShadeLegend by={shadeBy} t={t} />
      </div>
      <div
        className="tc-text"
        role="group"
        aria-label={t('teachTextLabel')}
        data-testid="colored-text"
        data-shade-by={shadeBy}
      >
        <span className="tc-prompt">{prompt}</span>
        {steps.map((s) => (
          <ColoredToken
            key={s.step}
            step={s}
            level={shadeLevel(shadeBy, valueOf(shadeBy, s))}
            face={faces[s.step - 1]}
            open={open === s.step}
            focusable={s.step === focusable}
            altId={altId}
            lang={lang}
            actions={actions}
          />
        ))}
      </div>
      {openStep ? (
        <Alternatives
          step={openStep}
          busy={busy}
          id={altId}
          onBranch={(tokenId) => {
            // The button pressed becomes the chosen token, and disabled: the focus goes to the
            // branch's token instead.
            focusAfter.current = { step: openStep.step, fromRun: runId };
            void branchAt(openStep.step, tokenId);
          }}
          t={t}
        />
      ) : (
        <p className="muted tc-alts-none">{t('teachAltNone')}</p>
      )}
    </section>
  );
}
