import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { sourceFiles } from './source-graph.js';

/**
 * A component is a folder and its registry entry; a target is a folder and one registry
 * line. Shown on a copy of src/: a throwaway `echo` component (a port and a config file)
 * and a throwaway `inventory` target (a list of the services, with a command-line option of
 * its own) are added, and nothing else. The copy must typecheck, and its own CLI must render
 * the stack with echo enabled through inventory, offer inventory and its option in
 * `render --help`, and render echo's config file natively.
 */

const ECHO = `import { z } from 'zod';
import { defineComponent } from '../component.js';
import { service, GENERATED } from '../service.js';
import { ref, t } from '../../model/refs.js';

export const echo = defineComponent({
  name: 'echo',
  title: 'Echo',
  version: '0.1.0',
  defaultEnabled: false,
  ports: { http: { port: 18999, protocol: 'http', description: 'says what it is told' } },
  options: z.strictObject({ message: z.string().default('hello').describe('what it says') }),
  resources: { cpu: '100m', memory: '32Mi' },
  plan(_stack, self) {
    return [
      service(this, self, {
        description: 'echo: says what it is told',
        documentation: 'https://example.com/echo',
        args: [t\`--listen=\${ref.listen(self.ports.http!)}\`, t\`--config=\${ref.configFile('echo.yaml')}\`],
        files: [{ path: 'echo.yaml', format: 'yaml', header: GENERATED, content: { message: self.options.message } }],
        volumes: [],
        health: { port: 'http', path: '/', periodSeconds: 1, timeoutSeconds: 1, startupSeconds: 10 },
      }),
    ];
  },
});
`;

const INVENTORY_ENTRY = `import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'inventory',
  description: 'a list of the services and their ports',
  cli: { 'inventory-title': { type: 'string', value: 'TEXT', description: 'the title of the list' } },
  load: async () => (await import('./index.js')).inventoryTarget,
});
`;

const INVENTORY = `import type { Target } from '../target.js';

export const inventoryTarget: Target<{ title: string }> = {
  options: (build, r) => ({ title: typeof r.cli['inventory-title'] === 'string' ? r.cli['inventory-title'] : build.stack.name }),
  render: (build, o) => [
    { path: 'inventory.json', content: JSON.stringify({ title: o.title, services: build.startOrder.map((p) => ({ name: p.name, ports: p.ports.map((x) => x.port) })) }, null, 2) + '\\n' },
  ],
};
`;

/** Inserts one line after the line that contains \`anchor\`. */
function addLine(file: string, anchor: string, line: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(anchor);
  assert.ok(at >= 0, `${file}: no "${anchor}" to add the registry line after`);
  const end = text.indexOf('\n', at) + 1;
  writeFileSync(file, text.slice(0, end) + line + '\n' + text.slice(end));
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(cwd, '.cache'), GRAFANA_STACK_STORE: join(cwd, '.store') } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('a throwaway component and a throwaway target need only their folders and their registry lines', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-extension-'));
  try {
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[]; compilerOptions: Record<string, unknown> };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, noEmit: true, declaration: false, sourceMap: false }, include: ['src'] }));

    // The component: its folder, and its entry in the registry (an import and a key).
    mkdirSync(join(dir, 'src/components/echo'));
    writeFileSync(join(dir, 'src/components/echo/index.ts'), ECHO);
    const components = join(dir, 'src/components/registry.ts');
    addLine(components, "import { kubeStateMetrics } from './kube-state-metrics/index.js';", "import { echo } from './echo/index.js';");
    addLine(components, "'kube-state-metrics': kubeStateMetrics,", '  echo,');
    // The target: its folder, and one line in the registry.
    mkdirSync(join(dir, 'src/targets/inventory'));
    writeFileSync(join(dir, 'src/targets/inventory/entry.ts'), INVENTORY_ENTRY);
    writeFileSync(join(dir, 'src/targets/inventory/index.ts'), INVENTORY);
    addLine(join(dir, 'src/targets/registry.ts'), "helm: () => import('./helm/entry.js'),", "  inventory: () => import('./inventory/entry.js'),");

    // Nothing else was touched: every other file of the copy is the original's.
    const changed = sourceFiles(join(dir, 'src')).filter((f) => {
      try {
        return readFileSync(join(ROOT, 'src', f), 'utf8') !== readFileSync(join(dir, 'src', f), 'utf8');
      } catch {
        return true;
      }
    });
    assert.deepEqual(changed.sort(), ['components/echo/index.ts', 'components/registry.ts', 'targets/inventory/entry.ts', 'targets/inventory/index.ts', 'targets/registry.ts']);

    writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: extended\ngrafana: false\nloki: false\ntempo: false\necho: { message: hi }\n');
    writeFileSync(
      join(dir, 'cli.ts'),
      `import { main } from './src/cli/main.js';
for (const args of [['render', 'inventory', '--out', 'inv', '--inventory-title', 'Everything'], ['render', 'native', '--out', 'nat'], ['render', '--help']]) {
  const code = await main(args, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  if (code !== 0) process.exit(code);
}
`,
    );
    // The typecheck and the run at once: two processes, each mostly waiting on its own CPU.
    const [tsc, cli] = await Promise.all([
      run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir),
      run(process.execPath, ['--import', 'tsx', 'cli.ts'], dir),
    ]);
    assert.equal(tsc.code, 0, `the copy typechecks:\n${tsc.out}`);
    assert.equal(cli.code, 0, cli.out);

    const inventory = JSON.parse(readFileSync(join(dir, 'inv/inventory.json'), 'utf8')) as { title: string; services: { name: string; ports: number[] }[] };
    assert.equal(inventory.title, 'Everything', 'the target read its own command-line option');
    assert.deepEqual(inventory.services.find((s) => s.name === 'echo'), { name: 'echo', ports: [18999] });
    assert.ok(inventory.services.some((s) => s.name === 'prometheus'), 'the other services are there too');
    assert.match(readFileSync(join(dir, 'nat/echo/echo.yaml'), 'utf8'), /^message: hi$/m, 'the component rendered its config natively');
    const manifest = JSON.parse(readFileSync(join(dir, 'nat/services.json'), 'utf8')) as { services: { name: string; args: string[] }[] };
    assert.deepEqual(manifest.services.find((s) => s.name === 'echo')?.args, ['--listen=127.0.0.1:18999', `--config=${join(dir, 'nat/echo/echo.yaml')}`]);
    assert.match(cli.out, /Usage: grafana-stack render <native\|systemd\|compose\|kubernetes\|helm\|inventory\|all>/);
    assert.match(cli.out, /--inventory-title TEXT\s+inventory: the title of the list/);
    assert.match(cli.out, /^ {2}inventory\s+a list of the services and their ports$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
