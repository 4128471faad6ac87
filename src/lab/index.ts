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
