import {PROTOCOLS} from '../domain/protocols.js'
import {shellQuote} from '../transports/shell-quote.js'

/**
 * The capture script: POSIX sh using only sh, coreutils, grep, sed and tr (busybox sh and its
 * applets suffice). It prints this participant's CaptureBundle JSON on one line.
 *
 * Every value arrives as a positional argument, never spliced into the text:
 *   $1 participant name, $2 seconds allowed for `claude --version` (0 = do not run it),
 *   then the protocol table as groups `ID COUNT MARKER…` in PROTOCOLS order (the last group whose
 *   markers are all in the binary wins, as protocolForMarkers does).
 *
 * No secret leaves: auth variables are only tested for being set, settings.json only grepped
 * quietly for the key name, .credentials.json only tested for existence.
 */
export const CAPTURE_SCRIPT = String.raw`
LC_ALL=C
export LC_ALL
name=$1
vtimeout=$2
shift 2

esc='s/\\/\\\\/g
s/"/\\"/g'
i=1
while [ "$i" -le 31 ]; do
  if [ "$i" -ne 10 ]; then
    c=$(printf "\\$(printf '%03o' "$i")")
    esc="$esc
s/$c/\\\\u$(printf '%04x' "$i")/g"
  fi
  i=$((i + 1))
done
esc="$esc
s/$/\\\\n/"

js() {
  v=$(printf '%s\n' "$1" | sed "$esc" | tr -d '\n')
  printf '"%s"' "${"${"}v%\\n}"
}

truthy() {
  case $1 in
    ''|0|[Ff][Aa][Ll][Ss][Ee]|[Nn][Oo]|[Oo][Ff][Ff]) return 1 ;;
  esac
  return 0
}

rp() {
  case $1 in /*) p=$1 ;; *) p=./$1 ;; esac
  if command -v realpath >/dev/null 2>&1; then
    realpath "$p" 2>/dev/null && return 0
  fi
  readlink -f "$p" 2>/dev/null
}

tmo() {
  s=$1
  shift
  if command -v timeout >/dev/null 2>&1; then
    if timeout "$s" true >/dev/null 2>&1; then timeout "$s" "$@"; return; fi
    if timeout -t "$s" true >/dev/null 2>&1; then timeout -t "$s" "$@"; return; fi
  fi
  "$@"
}

if [ ! -r /proc/self/mountinfo ]; then
  echo 'capture: cannot read /proc/self/mountinfo' >&2
  exit 3
fi
mi=$(cat /proc/self/mountinfo; printf x)
mi=${"${"}mi%x}

out='{"schema":"disinto-auth/capture@1"'
out="$out,\"name\":$(js "$name")"
h=$(uname -n 2>/dev/null) && out="$out,\"hostname\":$(js "$h")"
k=$(uname -r 2>/dev/null) && out="$out,\"kernel\":$(js "$k")"
u=$(id -u 2>/dev/null) && case $u in ''|*[!0-9]*) ;; *) out="$out,\"uid\":$u" ;; esac
out="$out,\"mountinfo\":$(js "$mi")"

envj=
[ "${"${"}HOME+set}" = set ] && envj="$envj,\"HOME\":$(js "$HOME")"
[ "${"${"}CLAUDE_CONFIG_DIR+set}" = set ] && envj="$envj,\"CLAUDE_CONFIG_DIR\":$(js "$CLAUDE_CONFIG_DIR")"
[ "${"${"}CLAUDE_SECURESTORAGE_CONFIG_DIR+set}" = set ] && envj="$envj,\"CLAUDE_SECURESTORAGE_CONFIG_DIR\":$(js "$CLAUDE_SECURESTORAGE_CONFIG_DIR")"
out="$out,\"env\":{${"${"}envj#,}}"

C=
if [ -n "${"${"}CLAUDE_CONFIG_DIR-}" ]; then C=$CLAUDE_CONFIG_DIR
elif [ "${"${"}HOME+set}" = set ]; then C=${"${"}HOME%/}/.claude
fi
D=
if [ -n "${"${"}CLAUDE_SECURESTORAGE_CONFIG_DIR-}" ]; then D=$CLAUDE_SECURESTORAGE_CONFIG_DIR
else D=$C
fi

if truthy "${"${"}CLAUDE_CODE_USE_BEDROCK-}" || truthy "${"${"}CLAUDE_CODE_USE_VERTEX-}" || truthy "${"${"}CLAUDE_CODE_USE_FOUNDRY-}"; then auth=cloud
elif [ -n "${"${"}ANTHROPIC_AUTH_TOKEN-}" ]; then auth=auth-token
elif [ -n "${"${"}ANTHROPIC_API_KEY-}" ]; then auth=api-key
elif [ -n "$C" ] && [ -f "$C/settings.json" ] && grep -q -F '"apiKeyHelper"' "$C/settings.json" >/dev/null 2>&1; then auth=api-key-helper
elif [ -n "${"${"}CLAUDE_CODE_OAUTH_TOKEN-}" ]; then auth=oauth-token
elif [ -n "${"${"}CLAUDE_CODE_OAUTH_REFRESH_TOKEN-}" ]; then auth=refresh-token
elif [ -n "$D" ] && { [ -e "$D/.credentials.json" ] || [ -L "$D/.credentials.json" ]; }; then auth=oauth
else auth=unknown
fi
out="$out,\"auth\":\"$auth\""

if [ -n "$D" ]; then
  out="$out,\"configDir\":$(js "$D")"
  if [ -e "$D" ]; then
    r=$(rp "$D") && [ -n "$r" ] && out="$out,\"configDirRealpath\":$(js "$r")"
  fi
  if [ -d "$D" ]; then
    if [ -w "$D" ]; then out="$out,\"configDirWritable\":true"; else out="$out,\"configDirWritable\":false"; fi
  fi
fi

cpath=$(command -v claude 2>/dev/null)
case $cpath in /*) ;; *) cpath= ;; esac
if [ -n "$cpath" ]; then
  cj="\"path\":$(js "$cpath")"
  if [ "$vtimeout" -gt 0 ] 2>/dev/null; then
    ver=$(tmo "$vtimeout" "$cpath" --version </dev/null 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | sed -n 1p)
    [ -n "$ver" ] && cj="$cj,\"version\":$(js "$ver")"
  fi
  files=
  rb=$(rp "$cpath")
  [ -n "$rb" ] && [ -f "$rb" ] && [ -r "$rb" ] && files=$rb
  if [ -n "$rb" ]; then
    cli=${"${"}rb%/*}/cli.js
    [ "$cli" != "$rb" ] && [ -f "$cli" ] && [ -r "$cli" ] && files="$files
$cli"
  fi
  if [ -n "$files" ]; then
    nl='
'
    found=
    missing=
    best=unknown
    while [ $# -ge 2 ]; do
      id=$1
      n=$2
      shift 2
      ok=1
      j=0
      while [ "$j" -lt "$n" ] && [ $# -gt 0 ]; do
        m=$1
        shift
        j=$((j + 1))
        case "$nl$found$nl" in *"$nl$m$nl"*) continue ;; esac
        case "$nl$missing$nl" in *"$nl$m$nl"*) ok=0; continue ;; esac
        hit=0
        while IFS= read -r f; do
          [ -n "$f" ] || continue
          c=$(tr '\000' '\n' <"$f" | grep -c -F -e "$m")
          case $c in ''|0) ;; *) hit=1 ;; esac
        done <<EOF
$files
EOF
        if [ "$hit" = 1 ]; then found="$found$nl$m"; else missing="$missing$nl$m"; ok=0; fi
      done
      [ "$ok" = 1 ] && best=$id
    done
    cj="$cj,\"protocol\":\"$best\""
  fi
  out="$out,\"claude\":{$cj}"
fi

printf '%s}\n' "$out"
`

export interface CaptureScriptOptions {
  /** the participant's name in the bundle */
  name: string
  /** seconds allowed for `claude --version` (0: do not run it) */
  versionTimeoutSeconds?: number
}

/** The positional arguments of CAPTURE_SCRIPT: name, version timeout, then the protocol table. */
export function captureScriptArgs(options: CaptureScriptOptions): string[] {
  const args = [options.name, String(Math.max(0, Math.floor(options.versionTimeoutSeconds ?? 10)))]
  for (const protocol of PROTOCOLS) args.push(protocol.id, String(protocol.markers.length), ...protocol.markers)
  return args
}

/** argv that runs the script in a participant: `sh -c SCRIPT sh ARGS…`. */
export function captureArgv(options: CaptureScriptOptions): string[] {
  return ['sh', '-c', CAPTURE_SCRIPT, 'sh', ...captureScriptArgs(options)]
}

/**
 * The script as a file for `capture --script`: a `set --` line sets the same positional
 * arguments (each single-quoted), then the script. Run it with `sh FILE` inside the container;
 * an argument given on that command line overrides the name.
 */
export function standaloneCaptureScript(options: CaptureScriptOptions): string {
  const args = captureScriptArgs(options)
  return [
    '#!/bin/sh',
    '# disinto-auth capture script: prints this participant\'s capture bundle (JSON, no secrets).',
    '# Needs only sh, coreutils (or busybox), grep, sed and tr. Usage: sh capture.sh [NAME] > NAME.json',
    `_disinto_name=\${1:-${shellQuote(options.name)}}`,
    `set -- "$_disinto_name" ${args.slice(1).map(shellQuote).join(' ')}`,
    CAPTURE_SCRIPT.trim(),
    '',
  ].join('\n')
}
