/**
 * A documentation page as the steps its test runs. The conventions, which the pages follow:
 * - a ```console block shows commands (`$ ` lines) and, below each, lines its output must
 *   contain (in any order: concurrent checks finish in any order): `…` stands for any
 *   text (a timing, a pid, a temporary path); everything else, numbers included, must be
 *   exactly what the command prints;
 * - `<!-- docs-test: file NAME -->` before a block: the block is written to NAME first;
 * - `<!-- docs-test: requires stack docker cluster helm -->`: what the page needs to run;
 * - `<!-- docs-test: not run: REASON -->` before a block: shown to the reader, reported by
 *   the test with its reason. Command blocks of any other language are refused, so no
 *   command reaches a page without a test running it.
 */
export type Step =
  | { readonly kind: 'file'; readonly name: string; readonly content: string }
  | { readonly kind: 'command'; readonly command: string; readonly expected: readonly string[]; readonly line: number }
  | { readonly kind: 'not-run'; readonly reason: string; readonly line: number };

export interface DocPage {
  readonly requires: readonly string[];
  readonly steps: readonly Step[];
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh', 'fish', 'shell-session']);

export function docSteps(markdown: string): DocPage {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  const requires: string[] = [];
  let pending: { file?: string; notRun?: string } = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const directive = /^<!-- docs-test: (.*?) -->$/.exec(line.trim());
    if (directive) {
      const [verb, ...rest] = directive[1]!.split(' ');
      if (verb === 'requires') requires.push(...rest);
      else if (verb === 'file') pending.file = rest.join(' ');
      else if (verb === 'not' && rest[0] === 'run:') pending.notRun = rest.slice(1).join(' ');
      else throw new Error(`line ${i + 1}: unknown docs-test directive "${directive[1]}"`);
      continue;
    }
    const fence = /^```(\S*)/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const lang = fence[1] ?? '';
    if (pending.notRun) steps.push({ kind: 'not-run', reason: pending.notRun, line: start });
    else if (pending.file) steps.push({ kind: 'file', name: pending.file, content: `${body.join('\n')}\n` });
    else if (lang === 'console') steps.push(...commands(body, start));
    else if (SHELL_LANGUAGES.has(lang)) throw new Error(`line ${start}: a \`\`\`${lang} block is never run; show commands in \`\`\`console with $ prompts, or mark it <!-- docs-test: not run: why -->`);
    pending = {};
  }
  return { requires, steps };
}

function commands(body: string[], start: number): Step[] {
  const out: { kind: 'command'; command: string; expected: string[]; line: number }[] = [];
  body.forEach((l, j) => {
    if (l.startsWith('$ ')) out.push({ kind: 'command', command: l.slice(2), expected: [], line: start + j + 1 });
    else if (out.length && l.trim()) out.at(-1)!.expected.push(l);
    else if (!out.length && l.trim()) throw new Error(`line ${start + j + 1}: output before any $ command`);
  });
  return out;
}

/** The first expected line no output line matches, or undefined when all are found. */
export function unmatchedOutput(expected: readonly string[], output: string): string | undefined {
  const actual = output.split('\n').map((l) => l.trimEnd());
  for (const e of expected) {
    if (e.trim() === '…') continue;
    const pattern = new RegExp(`^${e.trimEnd().split('…').map(literal).join('.*')}$`);
    if (!actual.some((a) => pattern.test(a))) return e;
  }
  return undefined;
}

/** Escaped literally: a documented number is the number the command prints. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
