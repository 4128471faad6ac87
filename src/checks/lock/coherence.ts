import type {ViewLocation} from '../../domain/view.js'

/** yes: the primitive excludes across participants; warn: it does with caveats; unknown: cannot tell. */
export type Coherence = 'yes' | 'warn' | 'unknown'

/**
 * Whether a lock primitive is coherent on a medium for everyone (research/claude-locks.md §4):
 * mkdir is atomic at any server; flock is kernel-local on FUSE/virtiofs/9p and on NFS mounted
 * nolock or local_lock=flock|all.
 */
export function coherenceOf(primitive: 'mkdir' | 'flock', location: ViewLocation): {coherence: Coherence; why?: string} {
  const {medium} = location
  if (medium === 'local' || medium === 'overlay') return {coherence: 'yes'}
  if (primitive === 'mkdir') {
    if (medium === 'nfs' || medium === 'cifs') {
      return {coherence: 'warn', why: `mkdir is atomic on ${location.fsType}, but proper-lockfile's stale check compares mtimes across clocks and attribute caches`}
    }
    if (medium === 'unknown') return {coherence: 'unknown', why: `lock semantics of ${location.fsType ?? 'this filesystem'} are unknown`}
    return {coherence: 'warn', why: `mkdir on ${location.fsType} is forwarded to the backing store`}
  }
  if (medium === 'nfs') {
    const options = location.options ?? ''
    if (/(^|,)(nolock|local_lock=(flock|all))(,|$)/.test(options)) {
      return {coherence: 'unknown', why: `${location.fsType} is mounted with ${options.match(/nolock|local_lock=\w+/)![0]}: flock only excludes processes on the same client`}
    }
    return {coherence: 'warn', why: 'flock on NFS is emulated with POSIX locks through NLM/NFSv4'}
  }
  if (medium === 'cifs') return {coherence: 'warn', why: 'flock on CIFS is emulated with mandatory byte-range locks (Linux ≥ 5.5)'}
  return {coherence: 'unknown', why: `flock on ${location.fsType ?? medium} is handled per mount unless the filesystem forwards locks`}
}
