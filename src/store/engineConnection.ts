/** The one worker client of the page, made on first use; its events go to receiveEvent. */
import { useAppStore } from './appStore';
import { crashChange } from './faults';
import { receiveEvent } from './receiveEvent';
import { EngineClient, type RequestBody } from './workerClient';

const { setState } = useAppStore;

let client: EngineClient | null = null;
const engine = (): EngineClient =>
  (client ??= new EngineClient(receiveEvent, (detail) => setState((s) => crashChange(s, detail))));

/** For tests: replace the worker client. */
export function setEngineClient(replacement: EngineClient | null): void {
  client = replacement;
}

/** Posts a request to the engine worker (inspectActions.ts asks for inspections this way). */
export function send(body: RequestBody) {
  return engine().send(body);
}
