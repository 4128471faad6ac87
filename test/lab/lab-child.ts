// Child process for lab.test.ts: builds a lab, prints one JSON line describing it, then idles
// until a signal arrives. Run as: node --import tsx test/lab/lab-child.ts LAYOUT
import {createLab, layoutByName} from '../../src/lab/index.js'

const name = process.argv[2] ?? 'dir-only'
createLab(layoutByName(name)).then(
  (lab) => {
    const pids = [lab.keeperPid, ...lab.participants.map((p) => p.pid)]
    process.stdout.write(JSON.stringify({ready: true, dir: lab.dir, pids}) + '\n')
    setInterval(() => undefined, 1 << 30)
  },
  (error: unknown) => {
    process.stderr.write(`lab-child: ${String(error)}\n`)
    process.exit(1)
  },
)
