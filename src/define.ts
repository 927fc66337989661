import type { StackConfig } from './config/schema.js';

/**
 * Declares a stack. It returns its argument unchanged: its only job is to give the
 * definition its type, so editors complete keys and flag mistakes as you type.
 *
 * @example
 * ```ts
 * import { defineStack } from 'grafana-stack';
 * export default defineStack({ name: 'shop', loki: { retention: '7d' }, tempo: false });
 * ```
 */
export function defineStack<const T extends StackConfig>(config: T): T {
  return config;
}
