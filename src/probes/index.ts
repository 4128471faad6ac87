export {runProbes, shortReason} from './run.js'
export {HOLD_SCRIPT, CHECK_SCRIPT} from './scripts.js'
export {PROBE_KINDS, type ProbeKind, type ProbeOutcome, type ProbeOptions, type ProbePair, type ProbeParticipant, type ProbeReport, type ProbeResult} from './types.js'
