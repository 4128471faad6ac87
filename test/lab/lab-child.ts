// Child process for lab.test.ts: builds a lab, prints one JSON line describing it, then idles
// until a signal arrives (or, with MODE=exit, calls process.exit(0) without any teardown).
// Run as: node --import tsx test/lab/lab-child.ts LAYOUT [idle|exit]
import {createLab, layoutByName} from '../../src/lab/index.js'

const name = process.argv[2] ?? 'dir-only'
const mode = process.argv[3] ?? 'idle'
createLab(layoutByName(name)).then(
  (lab) => {
    const pids = [lab.keeperPid, ...lab.participants.map((p) => p.pid)]
    process.stdout.write(JSON.stringify({ready: true, dir: lab.dir, pids}) + '\n')
    if (mode === 'exit') setTimeout(() => process.exit(0), 300)
    else setInterval(() => undefined, 1 << 30)
  },
  (error: unknown) => {
    process.stderr.write(`lab-child: ${String(error)}\n`)
    process.exit(1)
  },
)
