import { execFile } from 'node:child_process';

export interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs a validator, never through a shell; output is returned, not printed. */
export function runTool(file: string, args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: `${stdout}${stderr}`.trim() });
    });
  });
}
