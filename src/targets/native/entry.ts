import { nativeStateDir } from '../../core/state-dir.js';
import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'native',
  description: 'processes on this machine, bound to loopback (what `up` runs)',
  machine: true,
  // Under the project's state directory, where the rendered configs point (0600 files).
  provideSecrets: async (build, projectDir, env) => (await import('./secrets.js')).materializeNativeSecrets(build.plans, nativeStateDir(projectDir), env),
  load: async () => (await import('./index.js')).nativeTarget,
});
