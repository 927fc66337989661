import { deepMerge } from '../../core/deep-merge.js';
import { ini } from '../../formats/ini.js';
import { ref, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { GrafanaOptions } from './index.js';
import { OVERVIEW_UID } from '../../dashboards/overview-facts.js';
import { pluginIni } from './plugins.js';

/*
 * Keys checked against Grafana 13.2 (test/reference/grafana-13.2.3.json): every key of the
 * sections written here is in conf/defaults.ini of the 13.x line (a 13.0-era copy was the newest
 * readable here; grafana/grafana exceeds the snapshot size limit, so the v13.2.3 tag itself was
 * not read). Nothing 11-13 removed is set: no Angular setting (`angular_support_enabled` went in
 * 12), no legacy `[alerting]` (11 refuses to start with it), no feature toggles (the trace-to-
 * profiles/metrics toggles are gone since 10.4/11 and the features always on).
 */

/**
 * grafana.ini. Secrets are read by Grafana itself through `$__file{}` so their values are
 * never written here; telemetry and update checks are off, sign-up is off.
 */
export function grafanaIni(stack: Stack, self: ResolvedComponent<GrafanaOptions>): Value {
  const o = self.options;
  const home = o.homeDashboard ?? (stack.dashboards.some((d) => d.uid === OVERVIEW_UID) ? OVERVIEW_UID : undefined);
  const homeFile = home ? stack.dashboards.find((d) => d.uid === home) : undefined;
  const config: Record<string, Value> = {
    paths: {
      data: ref.dataDir(),
      logs: ref.dataDir('log'),
      plugins: ref.dataDir('plugins'),
      provisioning: ref.configFile('provisioning'),
    },
    server: {
      http_addr: ref.bindHost(),
      http_port: self.ports.http!,
      ...rootUrl(stack, o),
      enable_gzip: true,
    },
    database: { type: 'sqlite3', wal: true },
    security: {
      admin_user: o.adminUser,
      admin_password: ini.file(ref.secretFile('admin-password')),
      secret_key: ini.file(ref.secretFile('secret-key')),
      disable_gravatar: true,
      cookie_samesite: 'lax',
      content_security_policy: true,
    },
    users: { allow_sign_up: false, allow_org_create: false },
    'auth.anonymous': o.anonymous ? { enabled: true, org_role: 'Viewer' } : { enabled: false },
    analytics: {
      reporting_enabled: false,
      check_for_updates: false,
      check_for_plugin_updates: false,
      feedback_links_enabled: false,
    },
    news: { news_feed_enabled: false },
    log: { mode: 'console', level: 'info' },
    metrics: { enabled: true },
    ...(homeFile ? { dashboards: { default_home_dashboard_path: ref.configFile(`dashboards/${dashboardPath(homeFile)}`) } } : {}),
    ...pluginIni(o.plugins),
  };
  return deepMerge(config, self.settings) as Value;
}


/**
 * Grafana's public URL. Behind the stack's proxy Grafana is served at the proxy's `/`, so
 * no sub-path (serve_from_sub_path stays off) and only the port changes: links Grafana
 * builds (share links, alert notifications, the live websocket's CSP entry) then point at
 * the proxy. `%(domain)s` is Grafana's own `domain` (localhost); an explicit rootUrl wins.
 */
function rootUrl(stack: Stack, o: GrafanaOptions): Record<string, Value> {
  if (o.rootUrl) return { root_url: o.rootUrl };
  const proxyPort = stack.components.proxy?.ports.http;
  return proxyPort ? { root_url: ini.interpolate(`%(protocol)s://%(domain)s:${proxyPort}/`) } : {};
}

/** Where a dashboard's JSON lives under the provisioned dashboards directory. */
export function dashboardPath(d: { uid: string; folder: string }): string {
  return `${d.folder}/${d.uid}.json`;
}
