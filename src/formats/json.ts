/** Deterministic JSON: two-space indent, trailing newline; key order as built. */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
