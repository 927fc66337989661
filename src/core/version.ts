/** Major version of a `x.y.z` string, for version-dependent config. */
export function majorOf(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0]);
}
