// `--name value` from this script's own argv, for the bench and build scripts (no parser needed).
export function option(name, fallback) {
  const args = process.argv.slice(2)
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
