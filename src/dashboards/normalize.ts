import type { Problem } from '../core/errors.js';
import { isPlainObject } from '../core/deep-merge.js';
import type { Dashboard } from '../model/stack.js';
import { shown } from '../formats/text.js';
import { RESERVED_KEY_MESSAGE, reservedKeyPaths } from '../core/reserved-keys.js';

/**
 * What a user may put in `dashboards`: a Grafana Foundation SDK builder (anything with a
 * `build()` method: duck-typed, since the user's copy of the SDK is not ours), Grafana's
 * JSON model as a plain object, or either wrapped as `{ folder, dashboard }`.
 */
export type DashboardInput =
  | { build(): unknown }
  | Record<string, unknown>
  | { folder: string; dashboard: { build(): unknown } | Record<string, unknown> };

const UID = /^[A-Za-z0-9_-]{1,40}$/;

export function normalizeDashboards(inputs: readonly unknown[], problems: Problem[]): Dashboard[] {
  const out: Dashboard[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, i) => {
    const at = `dashboards[${i}]`;
    let folder = 'General';
    let body: unknown = input;
    if (isPlainObject(input) && 'dashboard' in input && typeof input.folder === 'string') {
      folder = input.folder;
      body = input.dashboard;
    }
    let json: unknown = body;
    if (typeof (body as { build?: unknown })?.build === 'function') {
      try {
        json = (body as { build(): unknown }).build();
      } catch (e) {
        problems.push({ path: at, message: `the dashboard builder failed: ${(e as Error).message}` });
        return;
      }
    }
    if (!isPlainObject(json)) {
      problems.push({ path: at, message: 'expected a Foundation SDK dashboard builder or a dashboard JSON object' });
      return;
    }
    json = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    const reserved = reservedKeyPaths(json);
    if (reserved.length) {
      for (const p of reserved) problems.push({ path: `${at}${p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`, message: `${String(p.at(-1))} ${RESERVED_KEY_MESSAGE}` });
      return;
    }
    const dash = json as Record<string, unknown>;
    if (typeof dash.title !== 'string' || !dash.title.trim()) {
      problems.push({ path: `${at}.title`, message: `expected a non-empty title, got ${JSON.stringify(dash.title)}` });
      return;
    }
    const uid = typeof dash.uid === 'string' && dash.uid ? dash.uid : slug(dash.title);
    if (!UID.test(uid)) {
      problems.push({ path: `${at}.uid`, message: `expected 1-40 letters, digits, - or _, got ${JSON.stringify(uid)}` });
      return;
    }
    // The folder is a directory name (Grafana's folders from the file structure): never `.`,
    // `..` or hidden, and no space Grafana or a shell would trim.
    if (!/^[A-Za-z0-9_-]([A-Za-z0-9 _.-]{0,98}[A-Za-z0-9_.-])?$/.test(folder)) {
      problems.push({ path: `${at}.folder`, message: `expected a folder name of letters, digits, space, _ . - (not starting with . or space, not ending with space), got ${shown(folder)}` });
      return;
    }
    const first = seen.get(uid);
    if (first !== undefined) {
      problems.push({ path: `${at}.uid`, message: `uid "${uid}" is already used by dashboards[${first}]` });
      return;
    }
    seen.set(uid, i);
    // Provisioned dashboards must not carry a numeric id from another Grafana.
    delete dash.id;
    out.push({ uid, title: dash.title, folder, json: { ...dash, uid } });
  });
  return out;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'dashboard';
}
