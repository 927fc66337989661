import type { SignalCheck } from '../check.js';
import { alertCheck } from './alert.js';
import { logCheck } from './log.js';
import { metricCheck } from './metric.js';
import { profileCheck } from './profile.js';
import { traceCheck } from './trace.js';

/** Every signal verify checks, in the order their endpoints are listed. */
export const SIGNAL_CHECKS: readonly SignalCheck[] = [metricCheck, logCheck, traceCheck, alertCheck, profileCheck];
