/**
 * Strings in UTF-16 code-unit order: what a generated file's order is taken from. Unlike
 * localeCompare it is the same on every machine and locale (and needs no ICU collator,
 * whose setup costs about 10 ms on a command's first comparison).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
