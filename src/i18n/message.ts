/**
 * A message as data: a dictionary key and its parameters. The store keeps errors and notices in
 * this form, never as rendered text, so that switching the language re-renders them.
 */
import type { MessageKey } from './en';

/** A parameter is plain text, a number, or another message (translated in the same language). */
export type MessageParam = string | number | Message;

export interface Message {
  key: MessageKey;
  params?: Readonly<Record<string, MessageParam>>;
}

export const message = (key: MessageKey, params?: Record<string, MessageParam>): Message =>
  params ? { key, params } : { key };
