import {checkMountLayout} from '../checks/mount-layout.js'
import {defaultRolePaths, type RolePath} from '../checks/path-roles.js'
import {type Finding, verdictOf} from '../domain/finding.js'
import type {MountEntry, MountTable} from '../domain/mount.js'
import type {MountJson, MountsReport, PathReport} from '../domain/mounts-report.js'
import type {ViewLocation} from '../domain/view.js'
import {buildMountTree, isBind, type MountTree} from '../model/mount-tree.js'
import {propagationLabel} from '../parse/propagation.js'
import {kernelView} from '../resolve/kernel-view.js'

export interface MountsRequest {
  table: MountTable
  /** D and where it came from; null when no HOME/CLAUDE_CONFIG_DIR is known */
  configDir: {path: string; from: string; realpath?: string} | null
  /** explicit paths; when empty, the default roles of D are used */
  paths: string[]
  participant: string
}

/** Pure: a parsed table and the paths to look at → the check-mounts report. */
export function buildMountsReport(request: MountsRequest): MountsReport & {tree: MountTree} {
  const {table, configDir} = request
  const tree = buildMountTree(table)
  const view = kernelView(table, tree)
  const rolePaths: RolePath[] =
    request.paths.length > 0
      ? request.paths.map((path) => ({role: 'given' as const, path}))
      : configDir
        ? defaultRolePaths(configDir.path, configDir.realpath)
        : []
  const paths = rolePaths.map(({role, path}) => pathReport(tree, role, view.resolve(path)))
  const findings: Finding[] = configDir
    ? checkMountLayout({view, configDir: configDir.path, configDirRealpath: configDir.realpath, name: request.participant})
    : []
  if (!configDir && request.paths.length === 0) {
    findings.push({
      rule: 'config-dir-unknown',
      severity: 'cannot-tell',
      message: 'no config dir to look at: HOME and CLAUDE_CONFIG_DIR are unset',
      participants: [request.participant],
      evidence: {expected: 'HOME or CLAUDE_CONFIG_DIR set', actual: 'neither set'},
      fix: 'pass --config-dir PATH (or --home PATH), or name the paths to resolve',
    })
  }
  return {
    verdict: verdictOf(findings),
    findings,
    source: table.source,
    format: table.format,
    mountCount: table.entries.length,
    configDir,
    paths,
    shadowedCount: tree.shadowed.size,
    duplicateIds: tree.duplicateIds,
    warnings: table.warnings,
    tree,
  }
}

function pathReport(tree: MountTree, role: RolePath['role'], location: ViewLocation): PathReport {
  const index = location.mountTarget === undefined ? undefined : tree.visibleByTarget.get(location.mountTarget)
  const entry = index === undefined ? undefined : tree.table.entries[index]
  return {
    path: location.path,
    role,
    mount: entry ? mountJson(tree, entry, index!) : null,
    relative: location.relative,
    backing: location.backing.key,
    backingExact: location.backing.exact,
    medium: location.medium,
    storage: location.describe,
  }
}

export function mountJson(tree: MountTree, entry: MountEntry, index: number): MountJson {
  return {
    id: entry.id ?? null,
    parentId: entry.parentId ?? null,
    target: entry.target,
    source: entry.source ?? null,
    fsRoot: entry.fsRoot ?? null,
    fsType: entry.fsType ?? null,
    majMin: entry.majMin ?? null,
    vfsOptions: entry.vfsOptions ?? entry.options ?? null,
    fsOptions: entry.fsOptions ?? null,
    propagation: propagationLabel(entry.propagation),
    peerGroup: entry.propagation?.shared ?? null,
    masterGroup: entry.propagation?.master ?? null,
    bind: isBind(tree, entry),
    shadowed: tree.shadowed.has(index),
  }
}
