/**
 * How often the page redraws while the shown step moves on its own: at most once every
 * REDRAW_MS. The steps of a stream the worker posts (Generate, Continue) are applied in batches
 * this far apart (receiveEvent.ts), and the costly views redraw on a clock of the same interval
 * (components/shared/useThrottledStore.ts; also during Play), so a batch and their redraw share
 * one React commit and one frame.
 *
 * Why 250 ms: on a 2-core machine the runtime's two WASM threads take both cores, and every
 * millisecond the page draws is one the model's step waits for. With batches every 80 ms (the
 * views already at 250) the app page's gpt2-shaped step took 1.21× the bench page's; with both
 * at 250 ms, 1.06–1.12× in three runs (bench/README.md, "Step batches every 250 ms"). A single
 * step the user asks for (Step) is never held back: the event that ends it flushes the batch.
 */
export const REDRAW_MS = 250;
