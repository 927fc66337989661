import { nativeTarget } from './native/index.js';
import { systemdTarget } from './systemd/index.js';
import { composeTarget } from './compose/index.js';
import { kubernetesTarget } from './kubernetes/index.js';
import { helmTarget } from './helm/index.js';

/** Every deployment target. Adding one is a folder and one line here. */
export const TARGETS = {
  native: nativeTarget,
  systemd: systemdTarget,
  compose: composeTarget,
  kubernetes: kubernetesTarget,
  helm: helmTarget,
} as const;

export type TargetName = keyof typeof TARGETS;
