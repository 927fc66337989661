/**
 * Sandboxing every unit gets: the NixOS modules' set (shared/ANCHORS.md), plus
 * ProtectProc/ProcSubset and PrivateUsers. All the stack's servers are static Go binaries
 * that need no capabilities, no device access and no writable code pages.
 */
export const HARDENING: readonly (readonly [string, string])[] = [
  ['DynamicUser', 'yes'],
  ['UMask', '0027'],
  ['NoNewPrivileges', 'yes'],
  ['CapabilityBoundingSet', ''],
  ['AmbientCapabilities', ''],
  ['PrivateTmp', 'yes'],
  ['PrivateDevices', 'yes'],
  ['PrivateUsers', 'yes'],
  ['DevicePolicy', 'closed'],
  ['PrivateMounts', 'yes'],
  ['ProtectSystem', 'strict'],
  ['ProtectHome', 'yes'],
  ['ProtectKernelTunables', 'yes'],
  ['ProtectKernelModules', 'yes'],
  ['ProtectKernelLogs', 'yes'],
  ['ProtectControlGroups', 'yes'],
  ['ProtectClock', 'yes'],
  ['ProtectHostname', 'yes'],
  ['ProtectProc', 'invisible'],
  ['ProcSubset', 'pid'],
  ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'],
  ['RestrictNamespaces', 'yes'],
  ['RestrictRealtime', 'yes'],
  ['RestrictSUIDSGID', 'yes'],
  ['LockPersonality', 'yes'],
  ['MemoryDenyWriteExecute', 'yes'],
  ['SystemCallArchitectures', 'native'],
  ['SystemCallFilter', '@system-service'],
  ['SystemCallFilter', '~@privileged @resources'],
];

/**
 * The sandbox of a service that reads host state (ServicePlan.hostAccess: node-exporter).
 * Everything else stays: it still runs as a dynamic user without capabilities on a
 * read-only system. What changes is only what reading the host needs:
 * - ProcSubset=all: /proc/stat, /proc/meminfo, /proc/diskstats, ... are what it reports
 *   (`pid` would show it process directories only);
 * - ProtectHome=read-only when it reads `/`: mounts under /home are statfs'ed, not hidden;
 * - AF_NETLINK: network-device and link state come over rtnetlink.
 */
export function hardeningFor(hostAccess: { readonly paths: readonly string[] } | undefined): readonly (readonly [string, string])[] {
  if (!hostAccess) return HARDENING;
  return HARDENING.map(([k, v]): readonly [string, string] => {
    if (k === 'ProcSubset') return [k, 'all'];
    if (k === 'ProtectHome' && hostAccess.paths.includes('/')) return [k, 'read-only'];
    if (k === 'RestrictAddressFamilies') return [k, `${v} AF_NETLINK`];
    return [k, v];
  });
}
