import { useEffect, useRef } from 'react';

/** Pixels per side of the drawn square, whatever the number of positions. */
const SIDE = 256;

/**
 * A size × size grid of cells drawn on a canvas, each shaded by value(row, col) in [0, 1]: for
 * maps too large to be elements. The label says in words what it shows.
 */
export function CanvasGrid(props: {
  testId: string;
  size: number;
  label: string;
  value: (row: number, col: number) => number;
}) {
  const { testId, size, label, value } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, SIDE, SIDE);
    const cell = SIDE / size;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const v = value(row, col);
        if (v <= 0) continue;
        context.fillStyle = `rgba(59, 91, 219, ${Math.min(1, v).toFixed(3)})`;
        context.fillRect(col * cell, row * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
  }, [size, value]);
  return (
    <canvas
      ref={ref}
      className="ins-canvas"
      data-testid={testId}
      data-size={size}
      width={SIDE}
      height={SIDE}
      role="img"
      aria-label={label}
    />
  );
}
