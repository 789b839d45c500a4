/**
 * The AR toy's series as a small SVG line: the values so far, the newest one ringed and the two
 * it was computed from (its lags) marked, on the whole series' scale.
 */
interface Props {
  values: readonly number[];
  total: number;
  /** The lagged positions the newest value read (1-based), empty for the given start values. */
  lags: readonly number[];
  /** The whole series' range, known in advance (it is seeded): stepping never rescales. */
  low: number;
  high: number;
  label: string;
}

const W = 400;
const H = 140;
const PAD = 10;

export function ArPlot({ values, total, lags, low, high, label }: Props) {
  const x = (t: number) => PAD + ((t - 1) / Math.max(1, total - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - low) / (high - low)) * (H - 2 * PAD);
  const points = values.map((v, i) => `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const newest = values.length;
  return (
    <svg className="ar-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line className="ar-zero" x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} />
      <polyline className="ar-line" points={points} />
      {values.map((v, i) => {
        const t = i + 1;
        const role = t === newest ? 'ar-newest' : lags.includes(t) ? 'ar-lag' : 'ar-point';
        return <circle key={t} className={role} cx={x(t)} cy={y(v)} r={t === newest ? 5 : 3} />;
      })}
    </svg>
  );
}
