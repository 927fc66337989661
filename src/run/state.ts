import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProcessId } from './proc.js';

export type ServicePhase = 'waiting' | 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped' | 'failed';
export type StackPhase = 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface ServiceStatus {
  readonly name: string;
  readonly url: string;
  readonly healthUrl: string;
  readonly phase: ServicePhase;
  readonly process?: ProcessId;
  readonly restarts: number;
  /** ISO times. */
  readonly startedAt?: string;
  readonly readyAt?: string;
  /** Seconds from spawn to the first ready answer, for the summary and the benchmark. */
  readonly readySeconds?: number;
  readonly lastExit?: { readonly code: number | null; readonly signal: string | null; readonly at: string };
}

/**
 * What the supervisor tells the other commands (`status`, `down`, a second `up`): written
 * atomically on every change to `.grafana-stack/run/state.json`.
 */
export interface RunState {
  readonly stack: string;
  readonly supervisor: ProcessId;
  readonly phase: StackPhase;
  readonly startedAt: string;
  readonly readyAt?: string;
  readonly error?: { readonly message: string; readonly service?: string; readonly logTail?: readonly string[] };
  readonly services: Readonly<Record<string, ServiceStatus>>;
}

export async function readState(file: string): Promise<RunState | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunState;
  } catch {
    // Written atomically, so unreadable means foreign: treat as absent.
    return undefined;
  }
}

export async function writeState(file: string, state: RunState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, file);
}
