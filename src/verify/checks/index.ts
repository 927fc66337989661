import type { SignalCheck } from '../check.js';
import { alertCheck } from './alert.js';
import { alloyLogCheck } from './alloy-log.js';
import { alloyMetricCheck } from './alloy-metric.js';
import { alloyTraceCheck } from './alloy-trace.js';
import { logCheck } from './log.js';
import { metricCheck } from './metric.js';
import { profileCheck } from './profile.js';
import { traceCheck } from './trace.js';

/** Every signal verify checks, in the order their endpoints are listed. */
export const SIGNAL_CHECKS: readonly SignalCheck[] = [metricCheck, logCheck, traceCheck, alertCheck, profileCheck, alloyMetricCheck, alloyLogCheck, alloyTraceCheck];
