/**
 * The lab: layouts from research/scenarios.md built as real Linux mount namespaces, no Docker.
 * A keeper process (own mount namespace) holds a tmpfs on the lab dir with the "host" paths;
 * each participant is a namespace cloned from it with an overlay over / as its root, the
 * layout's binds/tmpfs/symlinks, and a chroot, entered with `nsenter --target PID --mount --root`.
 * Needs root; `labSupport()` says whether this machine can. Every lab process carries
 * DISINTO_LAB=<lab dir> in its environment and dies with its creator (pdeathsig).
 */
export {createLab} from './lab.js'
export {LAYOUTS, layoutByName, configDirOf, fakeCredentials} from './layouts.js'
export {labSupport} from './support.js'
export {validateLayout} from './validate.js'
export {LAB_SLEEP_SECONDS} from './scripts.js'
export {labProcesses} from './process.js'
export {liveLabCount, teardownAllSync} from './cleanup.js'
export type {
  CreateLabOptions,
  Lab,
  LabEnv,
  LabExecOptions,
  LabExecResult,
  LabExpected,
  LabHostEntry,
  LabLayout,
  LabLockSharing,
  LabMountSpec,
  LabPairExpectation,
  LabParticipant,
  LabParticipantSpec,
  LabSupport,
  LabVerdict,
} from './types.js'
