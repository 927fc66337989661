/** Platforms artifacts are pinned for, in Go's os-arch spelling (how releases name them). */
export const PLATFORMS = ['linux-amd64', 'linux-arm64', 'darwin-amd64', 'darwin-arm64'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function currentPlatform(): Platform {
  const os = process.platform === 'darwin' ? 'darwin' : process.platform === 'linux' ? 'linux' : undefined;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : undefined;
  const p = `${os}-${arch}`;
  if (!os || !arch || !(PLATFORMS as readonly string[]).includes(p)) {
    throw new Error(`unsupported platform ${process.platform}/${process.arch}: artifacts are pinned for ${PLATFORMS.join(', ')}`);
  }
  return p as Platform;
}
