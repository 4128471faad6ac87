'use strict'
// Fake `docker exec`, `podman exec` and `kubectl exec` for tests: maps a container (or
// NAMESPACE/POD[/CONTAINER]) to the pid of a lab participant through the JSON file named by
// DISINTO_FAKE_ENGINE_MAP, and runs the command there with nsenter, with the process's own
// environment plus the entry's `env` (as an engine applies the container's config env).
// Map entries: `"agents": 1234` or `"agents": {"pid": 1234, "env": {"HOME": "/home/agent"}}`;
// kubectl keys are `NS/POD/CONTAINER` (or `NS/POD` for the default container).
// Unknown names give the real engine's error message and exit code.
const {readFileSync, readlinkSync} = require('node:fs')
const {spawn} = require('node:child_process')

const [engine, ...argv] = process.argv.slice(2)

function fail(message, code) {
  process.stderr.write(message + '\n')
  process.exit(code)
}

function loadMap() {
  const file = process.env.DISINTO_FAKE_ENGINE_MAP
  if (!file) fail(`fake ${engine}: DISINTO_FAKE_ENGINE_MAP is not set`, 2)
  const map = JSON.parse(readFileSync(file, 'utf8'))
  return map
}

function entryOf(value) {
  if (typeof value === 'number') return {pid: value, env: {}}
  return {pid: value.pid, env: value.env || {}}
}

function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

function parseDocker(args) {
  if (args[0] !== 'exec') fail(`fake ${engine}: only "exec" is supported`, engine === 'podman' ? 125 : 1)
  let i = 1
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === '-i' || a === '--interactive' || a === '-t' || a === '--tty' || a === '-it' || a === '-d' || a === '--detach') continue
    if (a === '-u' || a === '--user' || a === '-e' || a === '--env' || a === '-w' || a === '--workdir') {
      i++
      continue
    }
    if (a.startsWith('-')) fail(`unknown flag: ${a}`, engine === 'podman' ? 125 : 125)
    break
  }
  const container = args[i]
  const command = args.slice(i + 1)
  if (container === undefined || command.length === 0) fail(`"${engine} exec" requires at least 2 arguments.`, engine === 'podman' ? 125 : 1)
  return {key: container, container, command}
}

function parseKubectl(args) {
  if (args[0] !== 'exec') fail(`fake kubectl: only "exec" is supported`, 1)
  let namespace = 'default'
  let container
  let pod
  let i = 1
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      i++
      break
    }
    if (a === '-i' || a === '--stdin' || a === '-t' || a === '--tty' || a === '-it') continue
    if (a === '-n' || a === '--namespace') namespace = args[++i]
    else if (a.startsWith('--namespace=')) namespace = a.slice(12)
    else if (a === '-c' || a === '--container') container = args[++i]
    else if (a.startsWith('--container=')) container = a.slice(12)
    else if (a.startsWith('-')) fail(`error: unknown shorthand flag: '${a.replace(/^-+/, '')}' in ${a}`, 1)
    else if (pod === undefined) pod = a
    else fail('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', 1)
  }
  const command = args.slice(i)
  if (pod === undefined || command.length === 0) fail('error: you must specify at least one command for the container', 1)
  return {key: container === undefined ? `${namespace}/${pod}` : `${namespace}/${pod}/${container}`, namespace, pod, container, command}
}

function differs(pid, ns) {
  try {
    return readlinkSync(`/proc/${pid}/ns/${ns}`) !== readlinkSync(`/proc/self/ns/${ns}`)
  } catch {
    return false
  }
}

function environOf(pid) {
  const env = {}
  try {
    for (const record of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = record.indexOf('=')
      if (eq > 0) env[record.slice(0, eq)] = record.slice(eq + 1)
    }
  } catch {
    // unreadable: an empty environment, as a container with none
  }
  return env
}

const parsed = engine === 'kubectl' ? parseKubectl(argv) : parseDocker(argv)
const map = loadMap()
let value = map[parsed.key]
if (value === undefined && engine === 'kubectl' && parsed.container === undefined) {
  const prefix = `${parsed.namespace}/${parsed.pod}/`
  const first = Object.keys(map).find((key) => key.startsWith(prefix))
  if (first) value = map[first]
}
if (value === undefined) {
  if (engine === 'docker') fail(`Error response from daemon: No such container: ${parsed.key}`, 1)
  if (engine === 'podman') fail(`Error: no container with name or ID "${parsed.key}" found: no such container`, 125)
  const podKnown = Object.keys(map).some((key) => key.startsWith(`${parsed.namespace}/${parsed.pod}/`) || key === `${parsed.namespace}/${parsed.pod}`)
  if (podKnown) fail(`error: unable to upgrade connection: container not found ("${parsed.container}")`, 1)
  fail(`Error from server (NotFound): pods "${parsed.pod}" not found`, 1)
}
const entry = entryOf(value)
if (!alive(entry.pid)) {
  if (engine === 'docker') fail(`Error response from daemon: container ${parsed.key} is not running`, 1)
  if (engine === 'podman') fail('Error: can only create exec sessions on running containers: container state improper', 125)
  fail(`error: unable to upgrade connection: container not found ("${parsed.container || parsed.pod}")`, 1)
}
const flags = ['-t', String(entry.pid), '-m', '-u']
if (differs(entry.pid, 'pid')) flags.push('-p')
if (differs(entry.pid, 'user')) flags.push('-U', '--preserve-credentials')
flags.push('-r', '-w')
const env = {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...environOf(entry.pid), ...entry.env}
// pipes, not inherited fds: when this client dies, the caller's pipes close, as with a real client
const child = spawn('nsenter', [...flags, '--', ...parsed.command], {stdio: ['pipe', 'pipe', 'pipe'], env})
process.stdin.pipe(child.stdin)
child.stdin.on('error', () => {})
child.stdout.pipe(process.stdout)
child.stderr.pipe(process.stderr)
child.on('error', (error) => fail(`OCI runtime exec failed: ${error.message}`, 126))
child.on('close', (code, signal) => {
  if (signal) process.exit(128 + (require('node:os').constants.signals[signal] || 0))
  // nsenter could not run the command: the engines' "exec failed" messages and codes
  process.exit(code === null ? 1 : code)
})
// like the real clients, a signal to the client does not kill the process in the container
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => process.exit(128 + require('node:os').constants.signals[signal]))
