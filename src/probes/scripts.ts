/**
 * The probe scripts: fixed POSIX sh texts run as `sh -c SCRIPT sh ARG…` through a transport.
 * Every path arrives as a positional argument; nothing is spliced into the text. They use only
 * sh builtins, mkdir, rmdir, rm, tr, sed, sleep and (for the flock probes) flock, timeout if there.
 *
 * Safety rules both follow: a path is only ever created with mkdir (atomic, never follows a
 * symlink at the last component, fails if anything exists there) or, for the flock file, with a
 * noclobber create inside a directory the script itself just made; only what the script created
 * is removed (rmdir, which never removes a non-empty directory; rm of its own lock file); removal
 * happens on every way out (end of input, hold timeout, INT/TERM/HUP, setup errors).
 */

/**
 * Holder, run in participant A. Args: HOLD_SECONDS, then items `dir PATH` (mkdir PATH) or
 * `flock DIR` (mkdir DIR, create DIR/lock, hold an exclusive flock on it through fd 4…9).
 * Prints `created N` / `error N REASON` per item (N counts items from 0), then `ready`; holds
 * until standard input ends or HOLD_SECONDS pass; then removes everything it created, printing
 * `removed N` / `leftover N REASON`, and finally `done`.
 */
export const HOLD_SCRIPT = String.raw`
hold=$1
shift
trap '' PIPE
umask 022
created=
fds=
cleaned=
w=
mk() { e=$(mkdir -- "$1" 2>&1) && return 0; printf '%s' "$e" | tr '\n' ' '; return 1; }
release() {
  for fd in $fds; do
    case $fd in 4) exec 4<&- ;; 5) exec 5<&- ;; 6) exec 6<&- ;; 7) exec 7<&- ;; 8) exec 8<&- ;; 9) exec 9<&- ;; esac
  done
  fds=
}
cleanup() {
  [ -n "$cleaned" ] && return 0
  cleaned=1
  [ -n "$w" ] && kill "$w" 2>/dev/null
  release
  list=$created
  created=
  for entry in $list; do
    n=${"${"}entry%%:*}
    eval "p=\$item_$n"
    case $entry in
      *:file) rm -f -- "$p/lock" 2>/dev/null ;;
      *) if e=$(rmdir -- "$p" 2>&1); then echo "removed $n"; else echo "leftover $n $(printf '%s' "$e" | tr '\n' ' ')"; fi ;;
    esac
  done
  echo done
}
trap 'trap "" HUP INT TERM; cleanup; exit 129' HUP
trap 'trap "" HUP INT TERM; cleanup; exit 130' INT
trap 'trap "" HUP INT TERM; cleanup; exit 143' TERM
have_flock=
command -v flock >/dev/null 2>&1 && have_flock=1
n=0
nextfd=4
while [ $# -ge 2 ]; do
  kind=$1
  p=$2
  shift 2
  # item_N holds the path: N is our own counter, the value is only ever referenced, never re-parsed
  eval "item_$n=\$p"
  if e=$(mk "$p"); then
    created="$n:dir $created"
    if [ "$kind" = flock ]; then
      if [ -z "$have_flock" ]; then
        echo "error $n flock is not installed"
      elif [ "$nextfd" -gt 9 ]; then
        echo "error $n too many flock probes in one participant"
      elif ! ( set -C; : >"$p/lock" ) 2>/dev/null || [ ! -f "$p/lock" ] || [ -L "$p/lock" ]; then
        echo "error $n cannot create $p/lock"
      else
        created="$n:file $created"
        case $nextfd in 4) exec 4<"$p/lock" ;; 5) exec 5<"$p/lock" ;; 6) exec 6<"$p/lock" ;; 7) exec 7<"$p/lock" ;; 8) exec 8<"$p/lock" ;; 9) exec 9<"$p/lock" ;; esac
        if e=$(flock -x -n "$nextfd" 2>&1); then
          fds="$fds $nextfd"
          nextfd=$((nextfd + 1))
          echo "created $n"
        else
          echo "error $n flock: $(printf '%s' "$e" | tr '\n' ' ')"
        fi
      fi
    else
      echo "created $n"
    fi
  else
    echo "error $n $e"
  fi
  n=$((n + 1))
done
echo ready
exec 3<&0
if command -v timeout >/dev/null 2>&1 && timeout 1 true >/dev/null 2>&1; then
  timeout "$hold" sh -c 'read _ || :' <&3 &
else
  sh -c 'read _ || :' <&3 &
fi
w=$!
wait "$w"
w=
cleanup
exit 0
`

/**
 * Checker, run in participant B while the holders hold. Args: items `OP N PATH`:
 *   `seen N PATH`  → `N yes` if PATH exists (or is a symlink), `N no` if not but its directory
 *                    does, `N error REASON` if the directory is missing or unreadable;
 *   `mkdir N PATH` → `N exists` if mkdir fails and PATH is there (a shared lock) while B could
 *                    write there itself, `N created` if mkdir succeeded (private: the directory is
 *                    removed at once), else `N error REASON` (read-only or unwritable: B could not
 *                    take that lock at all);
 *   `flock N PATH` → `N absent` (not visible), `N locked` (a shared flock -s -n conflicts with the
 *                    holder's exclusive lock), `N free` (visible but the lock does not reach), or `N error REASON`.
 * A shared lock attempt never conflicts with another checker's, so concurrent checkers cannot
 * fake a "locked"; the file is opened read-only without O_CREAT, so nothing is ever created.
 */
export const CHECK_SCRIPT = String.raw`
trap '' PIPE
current=
trap '[ -n "$current" ] && rmdir -- "$current" 2>/dev/null; exit 130' INT
trap '[ -n "$current" ] && rmdir -- "$current" 2>/dev/null; exit 143' TERM
trap '[ -n "$current" ] && rmdir -- "$current" 2>/dev/null; exit 129' HUP
have_flock=
command -v flock >/dev/null 2>&1 && have_flock=1
one() { printf '%s' "$1" | tr '\n' ' '; }
while [ $# -ge 3 ]; do
  op=$1
  n=$2
  p=$3
  shift 3
  dir=${"${"}p%/*}
  [ -n "$dir" ] || dir=/
  case $op in
    seen)
      if [ -e "$p" ] || [ -L "$p" ]; then echo "$n yes"
      elif [ -d "$dir" ] && [ -x "$dir" ]; then echo "$n no"
      elif [ -e "$dir" ]; then echo "$n error cannot search $dir"
      else echo "$n error no directory $dir"
      fi
      ;;
    mkdir)
      # current is set only once our mkdir succeeded: the traps never remove another's directory
      if e=$(mkdir -- "$p" 2>&1); then
        current=$p
        if r=$(rmdir -- "$p" 2>&1); then echo "$n created"; else echo "$n error created but could not remove: $(one "$r")"; fi
        current=
      else
        if [ -d "$p" ] && [ -w "$dir" ]; then echo "$n exists"
        elif [ -d "$p" ]; then echo "$n error cannot write $dir (could not take a lock there itself)"
        else echo "$n error $(one "$e")"
        fi
      fi
      ;;
    flock)
      if [ ! -e "$p" ] && [ ! -L "$p" ]; then
        if [ -d "$dir" ] || [ -d "${"${"}dir%/*}" ]; then echo "$n absent"; else echo "$n error no directory ${"${"}dir%/*}"; fi
      elif [ -z "$have_flock" ]; then echo "$n error flock is not installed"
      elif [ ! -f "$p" ] || [ -L "$p" ]; then echo "$n error not a regular file"
      elif [ ! -r "$p" ]; then echo "$n error cannot read the probe file"
      else
        e=$(flock -s -n 9 2>&1 9<"$p")
        rc=$?
        if [ "$rc" = 0 ]; then echo "$n free"
        elif [ -z "$e" ]; then echo "$n locked"
        else echo "$n error $(one "$e")"
        fi
      fi
      ;;
    *) echo "$n error unknown op $op" ;;
  esac
done
echo done
`
