import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli, tempProject, ROOT } from '../helpers.js';
import { KUBERNETES_VERSIONS, kubernetesSwagger, kubernetesValidators } from './k8s-openapi.js';

/** Every rendered object against the OpenAPI schema of two Kubernetes releases, unknown fields rejected. */
// The README's example, a stack with every Kubernetes parameter set (Ingress, Roles, scheduling), and every
// component on the official images (everything) and on the project's own (built).
const dir = tempProject();
const renders = ['shop.config.ts', 'cluster.config.yaml', 'mimir-pyroscope.config.yaml', 'everything.config.yaml', 'built.config.yaml'].map((fixture) =>
  cli(['--config', join(ROOT, 'test/fixtures', fixture), 'render', 'kubernetes', '--out', `out-${fixture}`], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: 'x', MIMIR_S3_SECRET_KEY: 'x' } }),
);
const rendered = renders.find((r) => r.code !== 0) ?? renders[0]!;
const objects = readdirSync(dir)
  .filter((d) => d.startsWith('out-'))
  .flatMap((d) => readdirSync(join(dir, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f)))
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => ({ file: f, obj: d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } } })));

for (const version of Object.keys(KUBERNETES_VERSIONS) as (keyof typeof KUBERNETES_VERSIONS)[]) {
  const swagger = kubernetesSwagger(version);
  const skip = typeof swagger === 'string' && `Kubernetes ${version} schema not available: ${swagger}`;
  test(`every rendered object validates against the Kubernetes ${version} OpenAPI schema`, { skip }, () => {
    assert.equal(rendered.code, 0, rendered.stderr);
    const validatorFor = kubernetesValidators(swagger as Exclude<typeof swagger, string>);
    assert.ok(objects.length >= 40, `only ${objects.length} objects rendered`);
    for (const kind of ['Ingress', 'Role', 'RoleBinding', 'StatefulSet', 'NetworkPolicy']) assert.ok(objects.some((o) => o.obj.kind === kind), `no ${kind} rendered`);
    const problems: string[] = [];
    for (const { file, obj } of objects) {
      const validate = validatorFor(obj.apiVersion, obj.kind);
      if (!validate) {
        problems.push(`${file} ${obj.kind}/${obj.metadata.name}: no schema for ${obj.apiVersion} ${obj.kind}`);
        continue;
      }
      if (!validate(obj as unknown)) problems.push(`${file} ${obj.kind}/${obj.metadata.name}: ${JSON.stringify(validate.errors)}`);
    }
    assert.deepEqual(problems, []);
    // The schema is really consulted: a misspelt field and a wrong type are rejected.
    const sts = structuredClone(objects.find((o) => o.obj.kind === 'StatefulSet')!.obj) as unknown as { spec: Record<string, unknown> };
    const validate = validatorFor('apps/v1', 'StatefulSet')!;
    assert.equal(validate({ ...sts, spec: { ...sts.spec, replicass: 1 } }), false);
    assert.equal(validate({ ...sts, spec: { ...sts.spec, replicas: 'two' } }), false);
    const deep = structuredClone(sts) as unknown as { spec: { template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } } };
    deep.spec.template.spec.containers[0]!.securityContext.readOnlyRootFs = true;
    assert.equal(validate(deep), false, 'a misspelt field deep in the pod template is rejected');
  });
}
