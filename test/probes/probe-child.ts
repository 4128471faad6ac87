// Child for the signal tests: runs probes between two local participants sharing D (argv[2]),
// with a hold that never ends by itself, and says "held" once the holders are ready.
import {runProbes} from '../../src/probes/index.js'
import type {Transport} from '../../src/transports/types.js'
import {LocalTransport} from '../../src/transports/local.js'

const d = process.argv[2]!
/** checks never finish: the signal arrives while every probe is live */
class StuckChecks extends LocalTransport {
  override start(argv: readonly string[], options?: Parameters<Transport['start']>[1]) {
    if (argv[4] !== '300') {
      process.stdout.write('held\n')
      return super.start(['sleep', '60'], options)
    }
    return super.start(argv, options)
  }
}
await runProbes(
  ['a', 'b'].map((name) => ({name, transport: new StuckChecks(name), configDir: d, configDirRealpath: d})),
  {holdSeconds: 300, timeoutMs: 120_000},
)
process.stdout.write('finished without a signal\n')
