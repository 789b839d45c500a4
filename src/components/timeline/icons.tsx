/** Small inline icons: system fonts often lack ⏮ ⏭ ⏸, and an SVG looks the same everywhere. */
const paths = {
  first: 'M6 5h2v14H6zM20 5v14L9 12z',
  back: 'M18 5v14L7 12z',
  play: 'M7 5v14l11-7z',
  pause: 'M7 5h4v14H7zM13 5h4v14h-4z',
  forward: 'M6 5v14l11-7z',
  last: 'M16 5h2v14h-2zM4 5v14l11-7z',
} as const;

export function Icon(props: { name: keyof typeof paths }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path d={paths[props.name]} fill="currentColor" />
    </svg>
  );
}
