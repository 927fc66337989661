import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceStoreKey } from '../../src/artifacts/providers/source.js';
import { storeKey } from '../../src/artifacts/store.js';
import type { ToolPin, WrapperPin } from './pins.js';

export const TOOLS_DIR = fileURLToPath(new URL('.', import.meta.url));

export const isWrapper = (pin: ToolPin): pin is WrapperPin => 'dir' in pin;

/** The store key of a tool build: its sources (the wrapper's files or the module hash), flags and Go. */
export function toolStoreKey(pin: ToolPin, go: string): string {
  if (!isWrapper(pin)) return sourceStoreKey(pin.build, go);
  const dir = join(TOOLS_DIR, pin.dir);
  const sources = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
  return storeKey({ provider: 'wrapper', sources, packages: pin.packages, ldflags: pin.ldflags, go });
}

export const toolBinaryName = (pin: ToolPin): string => Object.keys(isWrapper(pin) ? pin.packages : pin.build.packages)[0]!;
