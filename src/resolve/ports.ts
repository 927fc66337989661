import type { Problem } from '../core/errors.js';
import type { ComponentDefinition } from '../components/component.js';

interface PortConfig {
  port?: number;
  ports?: Record<string, number | undefined>;
}

/**
 * Allocates every port of every enabled component. Ports the user set are fixed, and two
 * of them clashing is an error naming both; a default that clashes with a port already
 * taken moves up to the next free one. Defaults are distinct by design (Loki's gRPC and
 * memberlist ports are not the upstream 9095/7946 that Tempo also uses), so with no ports
 * set nothing moves and disabling a component never shifts another's port.
 */
export function allocatePorts(
  enabled: readonly { def: ComponentDefinition; config: PortConfig }[],
  problems: Problem[],
): Map<string, Record<string, number>> {
  const owner = new Map<number, string>();
  const result = new Map<string, Record<string, number>>();
  for (const { def, config } of enabled) {
    const ports: Record<string, number> = {};
    if (config.port !== undefined && config.ports?.http !== undefined && config.port !== config.ports.http) {
      problems.push({ path: `${def.name}.port`, message: `${config.port} contradicts ${def.name}.ports.http (${config.ports.http})` });
    }
    for (const name of Object.keys(def.ports)) {
      const explicit = name === 'http' ? (config.port ?? config.ports?.http) : config.ports?.[name];
      if (explicit === undefined) continue;
      const path = name === 'http' && config.port !== undefined ? `${def.name}.port` : `${def.name}.ports.${name}`;
      const taken = owner.get(explicit);
      if (taken) problems.push({ path, message: `port ${explicit} is already used by ${taken}` });
      else owner.set(explicit, path);
      ports[name] = explicit;
    }
    result.set(def.name, ports);
  }
  for (const { def } of enabled) {
    const ports = result.get(def.name)!;
    for (const [name, p] of Object.entries(def.ports)) {
      if (ports[name] !== undefined) continue;
      let port = p.port;
      while (owner.has(port)) port++;
      owner.set(port, `${def.name}.ports.${name} (default)`);
      ports[name] = port;
    }
  }
  return result;
}
