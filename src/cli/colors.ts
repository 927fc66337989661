/** ANSI colors for terminals; none when NO_COLOR is set or output is not a terminal. */
export interface Palette {
  service(name: string, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const SERVICE_COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95];

export function palette(enabled: boolean): Palette {
  const wrap = (code: number | string) => (t: string) => (enabled ? `\x1b[${code}m${t}\x1b[0m` : t);
  const assigned = new Map<string, number>();
  return {
    service: (name, text) => {
      if (!assigned.has(name)) assigned.set(name, SERVICE_COLORS[assigned.size % SERVICE_COLORS.length]!);
      return wrap(assigned.get(name)!)(text);
    },
    dim: wrap(2),
    bold: wrap(1),
    red: wrap(31),
    green: wrap(32),
  };
}

export function colorsFor(env: NodeJS.ProcessEnv, interactive: boolean | undefined): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(interactive);
}
