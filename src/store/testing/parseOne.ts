import { translateMessage } from '../../i18n';
import { parseUrlParams } from '../urlParams';

/** Parses one parameter alone, so each case shows only its own outcome (reasons in English). */
export function parseOne(name: string, value: string) {
  const { overrides, invalid } = parseUrlParams(`?${new URLSearchParams({ [name]: value })}`);
  return {
    overrides,
    invalid: invalid.map((i) => ({ ...i, reason: translateMessage('en', i.reason) })),
  };
}
