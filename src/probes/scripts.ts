/**
 * The probe scripts: fixed POSIX sh texts run as `sh -c SCRIPT sh ARG…` through a transport.
 * Every path arrives as a positional argument; nothing is spliced into the text. They use only
 * sh builtins, mkdir, rmdir, rm, tr and (for the flock probes) flock or perl, timeout if there.
 *
 * Safety rules both follow: a path is only ever created with mkdir (atomic, never follows a
 * symlink at the last component, fails if anything exists there) or, for the flock file, with a
 * noclobber create inside a directory the script itself just made; only what the script created
 * is removed (rmdir, which never removes a non-empty directory; rm of its own lock file); removal
 * happens on every way out (end of input, hold timeout, INT/TERM/HUP, setup errors).
 *
 * Scale: a participant runs one holder and one checker per probe round, whatever the number of
 * participants, and each script starts a fixed number of external commands however many items
 * it gets: existence tests are builtins, and the directories are made (and removed) by ONE
 * `mkdir -- P1 … Pk` (`rmdir -- …`). Which of them that call made is read back with `[ -d ]`:
 * only names that were absent just before it go into the call, and every name carries the run's
 * random id and is made by exactly one script of the run (the holders are all ready before any
 * checker starts), so a directory there afterwards is the call's own. Only when the batch fails
 * does a script fall back to one mkdir/rmdir per failed item, to report the tool's own reason.
 * The one command that would be left per item is the checker's flock attempt (no shell can take a
 * lock itself): with four files or more, one perl (where there is one: every Debian-based image)
 * makes all of them, else one flock per file.
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
batch=
fds=
cleaned=
w=
one() { printf '%s' "$1" | tr '\n' ' '; }
mk() { e=$(mkdir -- "$1" 2>&1) && return 0; one "$e"; return 1; }
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
  # interrupted between the batch mkdir and reading it back: what is there of those names is ours
  for n in $batch; do
    eval "b=\$inb_$n p=\$item_$n"
    [ -n "$b" ] && [ -d "$p" ] && [ ! -L "$p" ] && created="$n:dir $created"
  done
  batch=
  list=$created
  created=
  set --
  for entry in $list; do
    case $entry in *:file) n=${"${"}entry%%:*}; eval "set -- \"\$@\" \"\$item_$n/lock\"" ;; esac
  done
  [ $# -gt 0 ] && rm -f -- "$@" 2>/dev/null
  set --
  for entry in $list; do
    case $entry in *:dir) n=${"${"}entry%%:*}; eval "set -- \"\$@\" \"\$item_$n\"" ;; esac
  done
  if [ $# -gt 0 ]; then
    if rmdir -- "$@" 2>/dev/null; then
      for entry in $list; do case $entry in *:dir) echo "removed ${"${"}entry%%:*}" ;; esac; done
    else
      for entry in $list; do
        case $entry in *:dir) ;; *) continue ;; esac
        n=${"${"}entry%%:*}
        eval "p=\$item_$n"
        if [ ! -d "$p" ] || [ -L "$p" ]; then echo "removed $n"
        elif e=$(rmdir -- "$p" 2>&1); then echo "removed $n"
        else echo "leftover $n $(one "$e")"
        fi
      done
    fi
  fi
  echo done
}
trap 'trap "" HUP INT TERM; cleanup; exit 129' HUP
trap 'trap "" HUP INT TERM; cleanup; exit 130' INT
trap 'trap "" HUP INT TERM; cleanup; exit 143' TERM
have_flock=
command -v flock >/dev/null 2>&1 && have_flock=1
# item_N / kind_N hold the arguments: N is our own counter, a value is only ever referenced, never re-parsed
count=0
while [ $# -ge 2 ]; do
  eval "kind_$count=\$1 item_$count=\$2"
  count=$((count + 1))
  shift 2
done
# one mkdir for every name that is absent now (a name already there is never ours)
n=0
while [ "$n" -lt "$count" ]; do
  eval "p=\$item_$n"
  if [ ! -e "$p" ] && [ ! -L "$p" ]; then
    batch="$batch $n"
    eval "inb_$n=1"
  fi
  n=$((n + 1))
done
if [ -n "$batch" ]; then
  set --
  for n in $batch; do eval "set -- \"\$@\" \"\$item_$n\""; done
  mkdir -- "$@" 2>/dev/null
fi
n=0
nextfd=4
# the reason the last single mkdir of an absent name failed (without the tool's prefix and path), and
# where: the batch's other absent names in that directory get it without a mkdir each (a read-only
# or unwritable D would otherwise cost one process per item)
fdir=
fwhy=
while [ "$n" -lt "$count" ]; do
  eval "p=\$item_$n kind=\$kind_$n b=\$inb_$n"
  dir=${"${"}p%/*}
  made=
  e=
  if [ -n "$b" ] && [ -d "$p" ] && [ ! -L "$p" ]; then made=1
  elif [ -n "$b" ] && [ "$dir" = "$fdir" ] && [ ! -e "$p" ] && [ ! -L "$p" ]; then e=$fwhy
  elif e=$(mk "$p"); then made=1
  elif [ -n "$b" ] && [ ! -e "$p" ] && [ ! -L "$p" ]; then fdir=$dir fwhy=${"${"}e##*: }
  fi
  if [ -n "$made" ]; then created="$n:dir $created"; fi
  eval "inb_$n="
  if [ -z "$made" ]; then
    echo "error $n $e"
  elif [ "$kind" = flock ]; then
    if [ -z "$have_flock" ]; then
      echo "error $n flock is not installed"
    elif [ "$nextfd" -gt 9 ]; then
      echo "error $n too many flock probes in one participant"
    else
      # noclobber create without a subshell: true is a regular builtin, a failed redirection only fails it
      set -C
      true 2>/dev/null >"$p/lock"
      rc=$?
      set +C
      if [ "$rc" != 0 ] || [ ! -f "$p/lock" ] || [ -L "$p/lock" ]; then
        echo "error $n cannot create $p/lock"
      else
        created="$n:file $created"
        case $nextfd in 4) exec 4<"$p/lock" ;; 5) exec 5<"$p/lock" ;; 6) exec 6<"$p/lock" ;; 7) exec 7<"$p/lock" ;; 8) exec 8<"$p/lock" ;; 9) exec 9<"$p/lock" ;; esac
        # the tool's message is captured only when the first attempt fails
        if flock -x -n "$nextfd" 2>/dev/null || e=$(flock -x -n "$nextfd" 2>&1); then
          fds="$fds $nextfd"
          nextfd=$((nextfd + 1))
          echo "created $n"
        else
          echo "error $n flock: $(one "$e")"
        fi
      fi
    fi
  else
    echo "created $n"
  fi
  n=$((n + 1))
done
batch=
echo ready
exec 3<&0
st=none
if command -v timeout >/dev/null 2>&1; then
  timeout "$hold" sh -c 'read _ || :' <&3 &
  w=$!
  wait "$w"
  st=$?
  w=
fi
# 0: input ended; 124: the hold time ran out. Anything else: no timeout, or one that does not take
# "timeout SECONDS COMMAND" (an old busybox fails at once): hold without the bound
case $st in
  0 | 124) ;;
  *)
    sh -c 'read _ || :' <&3 &
    w=$!
    wait "$w"
    w=
    ;;
esac
cleanup
exit 0
`

/**
 * Checker, run in participant B while the holders hold. Args: items `OP N PATH`:
 *   `seen N PATH`  → `N yes` if PATH exists (or is a symlink), `N no` if not but its directory
 *                    does, `N error REASON` if the directory is missing or unreadable;
 *   `mkdir N PATH` → `N exists` if PATH is there (mkdir would fail: a shared lock) while B could
 *                    write there itself, `N created` if B's mkdir succeeded (private: the directory
 *                    is removed at once), else `N error REASON` (read-only or unwritable: B could
 *                    not take that lock at all);
 *   `flock N PATH` → `N absent` (not visible), `N locked` (a shared flock -s -n conflicts with the
 *                    holder's exclusive lock), `N free` (visible but the lock does not reach), or `N error REASON`.
 * Prints the answers (in any order), then `done`. The mkdir attempts are one `mkdir -- …` for
 * every PATH not visible (then one `rmdir -- …` of what it made); a visible PATH is EEXIST without
 * asking mkdir. A shared lock attempt never conflicts with another checker's, so concurrent
 * checkers cannot fake a "locked"; the file is opened read-only without O_CREAT, so nothing is
 * ever created. With util-linux flock a conflict has its own exit status (-E), so the attempt's
 * output needs no capturing.
 */
export const CHECK_SCRIPT = String.raw`
trap '' PIPE
pending=
# own_K is set while candidate K may be ours (absent before the batch mkdir): only those are removed
cleanup() {
  for k in $pending; do
    eval "o=\$own_$k p=\$path_$k"
    [ -n "$o" ] && [ -d "$p" ] && [ ! -L "$p" ] && rmdir -- "$p" 2>/dev/null
  done
  pending=
}
trap 'trap "" HUP INT TERM; cleanup; exit 130' INT
trap 'trap "" HUP INT TERM; cleanup; exit 143' TERM
trap 'trap "" HUP INT TERM; cleanup; exit 129' HUP
have_flock=
command -v flock >/dev/null 2>&1 && have_flock=1
mode=
one() { printf '%s' "$1" | tr '\n' ' '; }
cands=
c=0
locks=
l=0
# one lock attempt per visible probe file (util-linux flock: -E gives a conflict its own status)
try_lock() {
  # one or two files: capturing costs less than asking flock whether it takes -E
  [ "$l" -lt 3 ] && mode=slow
  if [ -z "$mode" ]; then
    if flock -E 99 -n -s 9 9</dev/null >/dev/null 2>&1; then mode=fast; else mode=slow; fi
  fi
  rc=1
  if [ "$mode" = fast ]; then
    flock -E 99 -s -n 9 9<"$1" 2>/dev/null
    rc=$?
  fi
  if [ "$mode" = fast ] && [ "$rc" = 0 ]; then echo "$2 free"
  elif [ "$mode" = fast ] && [ "$rc" = 99 ]; then echo "$2 locked"
  else
    e=$(flock -s -n 9 2>&1 9<"$1")
    rc=$?
    if [ "$rc" = 0 ]; then echo "$2 free"
    elif [ -z "$e" ]; then echo "$2 locked"
    else echo "$2 error $(one "$e")"
    fi
  fi
}
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
      if [ -e "$p" ] || [ -L "$p" ]; then
        # mkdir would fail with EEXIST here
        if [ -d "$p" ] && [ -w "$dir" ]; then echo "$n exists"
        elif [ -d "$p" ]; then echo "$n error cannot write $dir (could not take a lock there itself)"
        else echo "$n error File exists"
        fi
      else
        eval "path_$c=\$p num_$c=\$n dir_$c=\$dir own_$c=1"
        cands="$cands $c"
        c=$((c + 1))
      fi
      ;;
    flock)
      if [ ! -e "$p" ] && [ ! -L "$p" ]; then
        if [ -d "$dir" ] || [ -d "${"${"}dir%/*}" ]; then echo "$n absent"; else echo "$n error no directory ${"${"}dir%/*}"; fi
      elif [ ! -f "$p" ] || [ -L "$p" ]; then echo "$n error not a regular file"
      elif [ ! -r "$p" ]; then echo "$n error cannot read the probe file"
      else
        eval "lkp_$l=\$p lkn_$l=\$n"
        locks="$locks $l"
        l=$((l + 1))
      fi
      ;;
    *) echo "$n error unknown op $op" ;;
  esac
done
if [ -n "$cands" ]; then
  pending=$cands
  set --
  for k in $cands; do eval "set -- \"\$@\" \"\$path_$k\""; done
  mkdir -- "$@" 2>/dev/null
  made=
  fdir=
  fwhy=
  for k in $cands; do
    eval "p=\$path_$k n=\$num_$k dir=\$dir_$k"
    if [ -d "$p" ] && [ ! -L "$p" ]; then made="$made $k"
    elif [ "$dir" = "$fdir" ] && [ ! -e "$p" ] && [ ! -L "$p" ]; then
      # the batch failed here and a single mkdir in the same directory just did: same reason
      eval "own_$k="
      echo "$n error $fwhy"
    elif e=$(mkdir -- "$p" 2>&1); then made="$made $k"
    else
      eval "own_$k="
      if [ -d "$p" ] && [ -w "$dir" ]; then echo "$n exists"
      elif [ -d "$p" ]; then echo "$n error cannot write $dir (could not take a lock there itself)"
      else
        e=$(one "$e")
        # the reason without the tool's prefix and path (what the report shows of it anyway)
        [ -e "$p" ] || [ -L "$p" ] || { fdir=$dir; fwhy=${"${"}e##*: }; }
        echo "$n error $e"
      fi
    fi
  done
  if [ -n "$made" ]; then
    set --
    for k in $made; do eval "set -- \"\$@\" \"\$path_$k\""; done
    if rmdir -- "$@" 2>/dev/null; then
      for k in $made; do eval "n=\$num_$k"; echo "$n created"; done
    else
      for k in $made; do
        eval "p=\$path_$k n=\$num_$k"
        if [ ! -d "$p" ] || [ -L "$p" ]; then echo "$n created"
        elif r=$(rmdir -- "$p" 2>&1); then echo "$n created"
        else echo "$n error created but could not remove: $(one "$r")"
        fi
      done
    fi
  fi
  pending=
fi
# four files or more (or no flock tool): one perl makes every attempt if there is one, with the same
# flock(LOCK_SH|LOCK_NB) on a read-only open; below four, flock's own start costs less than perl's
use_perl=
if [ "$l" -ge 4 ] || { [ "$l" -gt 0 ] && [ -z "$have_flock" ]; }; then command -v perl >/dev/null 2>&1 && use_perl=1; fi
if [ -n "$use_perl" ]; then
  set --
  for k in $locks; do eval "set -- \"\$@\" \"\$lkn_$k\" \"\$lkp_$k\""; done
  perl -e 'while (@ARGV >= 2) { my ($n, $p) = splice(@ARGV, 0, 2); if (!open(my $fh, "<", $p)) { print "$n error $!\n" } elsif (flock($fh, 5)) { print "$n free\n" } elsif ($!{EWOULDBLOCK}) { print "$n locked\n" } else { print "$n error $!\n" } close($fh) if $fh }' "$@" 2>/dev/null && locks=
fi
# no perl, few files, or perl failed (a later answer replaces an earlier one)
for k in $locks; do
  eval "p=\$lkp_$k n=\$lkn_$k"
  if [ -n "$have_flock" ]; then try_lock "$p" "$n"; else echo "$n error flock is not installed"; fi
done
echo done
`
