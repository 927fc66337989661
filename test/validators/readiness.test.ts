import { test } from 'node:test';
import { renderNativeService, startUntilReady } from './native-service.js';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * The rendered configs do not only validate: the real binaries start with them and answer
 * their readiness endpoint. Ports are moved away from the defaults so a developer's own
 * stack on this machine does not interfere.
 */
const CONFIG = `name: ready
grafana: false
prometheus: { port: 19090 }
loki: { port: 13100, ports: { grpc: 19096, memberlist: 17947 } }
tempo: { port: 13200, ports: { grpc: 19095, otlp-grpc: 14317, otlp-http: 14318, memberlist: 17946 } }
`;

for (const name of ['prometheus', 'loki', 'tempo'] as const) {
  const bin = await componentBinary(name, DEFAULT_VERSIONS[name]);
  test(`${name} starts with the rendered config and becomes ready`, { skip: !bin && componentMissing(name, DEFAULT_VERSIONS[name]), timeout: 90_000 }, async () => {
    const seconds = await startUntilReady(bin!, renderNativeService(CONFIG, name));
    process.stderr.write(`# ${name} ready in ${seconds.toFixed(1)}s\n`);
  });
}
