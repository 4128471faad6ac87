export {CAPTURE_SCRIPT, captureArgv, captureScriptArgs, standaloneCaptureScript, type CaptureScriptOptions} from './script.js'
export {captureSelf, authKindOf, configDirsFor, findClaude, parseClaudeVersion, scanForMarkers, protocolFromFound, type CaptureSelfOptions} from './self.js'
export {captureVia, type CaptureViaOptions} from './via.js'
export {parseCaptureBundle, captureBundleProblem, looksLikeCaptureBundle, AUTH_KINDS} from './parse.js'
