import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { unzipSync } from 'fflate';

/**
 * Kubernetes' own OpenAPI schema (api/openapi-spec/swagger.json) of a release, from the
 * k8s.io/kubernetes Go module (the Go module proxy serves it, the checksum database vouches
 * for it), turned into validators strict like `kubeconform -strict`: an unknown field is
 * an error, as the API server's strict field validation makes it.
 */
export const KUBERNETES_VERSIONS = {
  'v1.36.3': 'h1:qDQdoMiluAE2Eab6Fa52YV+WjiGz9mZFFoagEA6cI+o=',
  'v1.35.4': 'h1:o/8dBC/pHVpYoGV4OAIytAlNPZbdYVTXJHoYvXC4qzM=',
} as const;

type Swagger = { definitions: Record<string, Record<string, unknown>> };

/** The swagger of a version, or why it cannot be had here. */
export function kubernetesSwagger(version: keyof typeof KUBERNETES_VERSIONS): Swagger | string {
  // Offline: from the module cache only (npm run fetch:tools -- openapi puts it there).
  const r = spawnSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' }, timeout: 300_000 });
  if (r.error) return `go is not installed (${r.error.message})`;
  let info: { Zip?: string; Sum?: string; Error?: string };
  try {
    info = JSON.parse(r.stdout) as typeof info;
  } catch {
    return `k8s.io/kubernetes@${version} is not in the Go module cache (npm run fetch:tools -- openapi): ${r.stderr.trim()}`;
  }
  if (!info.Zip || info.Sum !== KUBERNETES_VERSIONS[version]) return `k8s.io/kubernetes@${version}: ${info.Error ? `${info.Error} (npm run fetch:tools -- openapi puts it in the module cache)` : `hash ${info.Sum} is not the pinned ${KUBERNETES_VERSIONS[version]}`}`;
  const path = `k8s.io/kubernetes@${version}/api/openapi-spec/swagger.json`;
  const files = unzipSync(readFileSync(info.Zip), { filter: (f) => f.name === path });
  if (!files[path]) return `${path} is not in the module zip`;
  return JSON.parse(Buffer.from(files[path]).toString('utf8')) as Swagger;
}

/** Validators by `apiVersion|kind`, from the definitions' x-kubernetes-group-version-kind. */
export function kubernetesValidators(swagger: Swagger): (apiVersion: string, kind: string) => ValidateFunction | undefined {
  const defs = structuredClone(swagger.definitions);
  const strict = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(strict);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'object' && n.properties && n.additionalProperties === undefined && !n['x-kubernetes-preserve-unknown-fields']) n.additionalProperties = false;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties') Object.values(v as object).forEach(strict); // property names may be "type" or "format"
      else if (typeof v === 'object') strict(v);
    }
  };
  Object.values(defs).forEach(strict);
  // The API server takes numbers for these string-typed definitions.
  defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
  defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { anyOf: [{ type: 'string' }, { type: 'number' }] };
  const byKind = new Map<string, string>();
  for (const [name, d] of Object.entries(defs)) {
    const gvks = (d['x-kubernetes-group-version-kind'] ?? []) as { group: string; version: string; kind: string }[];
    if (gvks.length === 1) byKind.set(`${gvks[0]!.group ? `${gvks[0]!.group}/` : ''}${gvks[0]!.version}|${gvks[0]!.kind}`, name);
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('int-or-string', true);
  ajv.addSchema({ $id: 'k8s', definitions: defs });
  return (apiVersion, kind) => {
    const def = byKind.get(`${apiVersion}|${kind}`);
    return def ? ajv.getSchema(`k8s#/definitions/${def}`) : undefined;
  };
}
