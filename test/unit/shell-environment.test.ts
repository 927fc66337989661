import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolveStack } from '../../src/resolve/resolve.js';
import { clientEnvironment, exportLines } from '../../src/shell/environment.js';
import { findBinary } from '../../src/validators/find-binary.js';

test('the client variables follow the definition: ports, bind address, enabled components', async () => {
  const env = Object.fromEntries(clientEnvironment(await resolveStack({ name: 'dev', loki: { port: 3999 }, tempo: { ports: { 'otlp-http': 5318 } } })));
  assert.deepEqual(env, {
    GRAFANA_STACK_SHELL: 'dev',
    GRAFANA_URL: 'http://127.0.0.1:3000',
    PROMETHEUS_URL: 'http://127.0.0.1:9090',
    LOKI_ADDR: 'http://127.0.0.1:3999',
    TEMPO_URL: 'http://127.0.0.1:3200',
    TEMPO_ADDR: '127.0.0.1:3200',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:5318/v1/traces',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
  });
  const v6 = Object.fromEntries(clientEnvironment(await resolveStack({ bindAddress: '::1', tempo: false })));
  assert.equal(v6.LOKI_ADDR, 'http://[::1]:3100');
  assert.equal(v6.TEMPO_URL, undefined);
  assert.equal(v6.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, undefined);
});

// Values a stack name or a project path may hold, through the real shells' parsers.
const NASTY = `it's "quoted" $HOME \`id\` \\ back; & | * ? [x] {a,b} ~ #`;
const BIN = "/tmp/dir with 'quote'/bin";

test('sh export lines survive bash and dash word splitting, expansion and globbing', () => {
  for (const shell of ['bash', 'sh']) {
    const script = `${exportLines([['A', NASTY], ['B', 'plain']], BIN, 'sh').join('\n')}\nprintf '%s\\n' "$A" "$B" "\${PATH%%:*}"`;
    const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: '/root' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${NASTY}\nplain\n${BIN}\n`, shell);
  }
});

const fish = findBinary('fish');
test('fish lines survive fish', { skip: fish ? false : 'fish is not installed (scripts/install-deps.sh installs it)' }, () => {
  const script = `${exportLines([['A', NASTY]], BIN, 'fish').join('\n')}\nprintf '%s\\n' $A $PATH[1]`;
  const r = spawnSync('fish', ['--no-config', '-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${NASTY}\n${BIN}\n`);
});
