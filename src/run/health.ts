
/**
 * One readiness probe: true on a 2xx answer within the timeout. Plain node:http rather than
 * fetch: the supervisor probes every few milliseconds while services start, and fetch's
 * implementation (undici) costs it tens of milliseconds and megabytes to load.
 */
export async function probe(url: string, timeoutMs: number): Promise<boolean> {
  // Loaded on the first probe (cached after): `status` of a stopped stack probes nothing. And
  // https only for an https URL: it brings TLS and the whole of crypto, megabytes of resident
  // memory the supervisor of a plain-HTTP stack would keep for nothing.
  const https = url.startsWith('https:');
  const request = https ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    let req: ReturnType<typeof request>;
    try {
      req = request(url, { method: 'GET', agent: false }, (res) => {
        const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        res.on('error', () => done(false));
        res.on('end', () => done(ok));
        res.resume();
      });
    } catch {
      done(false);
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      done(false);
    }, timeoutMs);
    req.on('error', () => done(false));
    req.end();
  });
}
