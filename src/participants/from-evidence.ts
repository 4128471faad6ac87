import type {CaptureBundle} from '../domain/capture.js'
import type {MountTable} from '../domain/mount.js'
import type {Participant} from '../domain/participant.js'
import {configDirFrom} from '../model/config-dir.js'
import {parseMountinfo} from '../parse/mountinfo.js'
import {protocolById, protocolForVersion} from '../protocols/protocol-for.js'
import {kernelView} from '../resolve/kernel-view.js'

/** A capture bundle (from `capture`, `capture --script` or a transport) → participant. */
export function participantFromBundle(name: string, bundle: CaptureBundle, origin: string): Participant {
  const table = parseMountinfo(bundle.mountinfo, `${origin} (mountinfo)`)
  const chosen = bundle.configDir ? {path: bundle.configDir, from: 'capture'} : configDirFrom(bundle.env)
  const protocol = bundle.claude?.protocol && protocolById(bundle.claude.protocol) ? bundle.claude.protocol : undefined
  const byVersion = protocolForVersion(bundle.claude?.version)
  return {
    name,
    view: kernelView(table),
    origin,
    env: bundle.env,
    auth: bundle.auth,
    configDir: chosen,
    configDirRealpath: bundle.configDirRealpath,
    configDirWritable: bundle.configDirWritable,
    claude: protocol
      ? {version: bundle.claude?.version, protocol, protocolFrom: 'binary'}
      : byVersion
        ? {version: bundle.claude?.version, protocol: byVersion.id, protocolFrom: 'version'}
        : {version: bundle.claude?.version, protocol: 'unknown', protocolFrom: 'unknown'},
    flock: [],
    interactive: false,
  }
}

/** A bare mount table (pasted mountinfo or findmnt) → participant whose env is unknown until overridden. */
export function participantFromTable(name: string, table: MountTable, origin: string, env?: Participant['env']): Participant {
  return {
    name,
    view: kernelView(table),
    origin,
    env,
    auth: 'unknown',
    configDir: env ? configDirFrom(env) : undefined,
    claude: {protocol: 'unknown', protocolFrom: 'unknown'},
    flock: [],
    interactive: false,
  }
}
