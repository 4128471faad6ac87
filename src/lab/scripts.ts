/**
 * Fixed POSIX-sh scripts the lab runs as `sh -c SCRIPT sh ARG…`. Every value is a positional
 * argument; nothing is ever spliced into the script text.
 */

/** argv[0] of the sleep every lab process ends as: `pgrep -f '^sleep 2718281$'` finds them. */
export const LAB_SLEEP_SECONDS = '2718281'

/**
 * Keeper: runs in its own mount namespace (private propagation), mounts the lab tmpfs on $1 and
 * fills `$1/host/` with ops `dir PATH` / `file PATH CONTENT`, prints its pid, then sleeps.
 */
export const KEEPER_SCRIPT = `set -eu
lab=$1; sleep_s=$2; shift 2
mount -t tmpfs -o mode=0755,size=64m disinto-lab "$lab"
mkdir -p "$lab/host" "$lab/p"
while [ "$#" -gt 0 ]; do
  case $1 in
    dir) mkdir -p "$lab/host/$2"; shift 2 ;;
    file) mkdir -p "$(dirname -- "$lab/host/$2")"; printf '%s' "$3" > "$lab/host/$2"; shift 3 ;;
    *) echo "disinto-lab keeper: unknown op: $1" >&2; exit 2 ;;
  esac
done
echo "$$"
exec sleep "$sleep_s"
`

/**
 * Participant: runs in a new mount namespace cloned from the keeper's. Builds an overlay root
 * over / (upper/work on the lab tmpfs) with /root, /home and /tmp hidden by whiteouts (so nothing
 * of the real machine's homes is visible), mounts /proc and /dev, applies the ops in order, prints
 * its pid and chroots into the root to sleep.
 *
 * Ops: `bind SRC TARGET rw|ro` (SRC under $lab/host), `tmpfs TARGET`, `symlink PATH TO`, `dir PATH`.
 * Directories and files a target needs are created inside the chroot, and every target is
 * checked to be its own realpath there, so no step can follow a symlink out of the root.
 */
export const PARTICIPANT_SCRIPT = `set -eu
lab=$1; name=$2; sleep_s=$3; shift 3
p=$lab/p/$name; r=$p/root
mkdir -p "$p/upper" "$p/work" "$r"
for d in root home tmp; do mknod "$p/upper/$d" c 0 0; done
mount -t overlay overlay -o "lowerdir=/,upperdir=$p/upper,workdir=$p/work" "$r"
mkdir -p "$r/root" "$r/home" "$r/tmp"
chmod 0700 "$r/root"; chmod 1777 "$r/tmp"
mount -t proc proc "$r/proc"
mount --bind /dev "$r/dev"
inside() {
  if [ "$(chroot "$r" realpath -m -- "$1")" != "$1" ]; then
    echo "disinto-lab $name: $1 passes through a symlink inside the container" >&2; exit 2
  fi
}
while [ "$#" -gt 0 ]; do
  case $1 in
    bind)
      src=$lab/host/$2; tgt=$3; mode=$4; shift 4
      inside "$tgt"
      if [ -d "$src" ]; then chroot "$r" mkdir -p -- "$tgt"
      else chroot "$r" mkdir -p -- "$(dirname -- "$tgt")"; chroot "$r" touch -- "$tgt"; fi
      inside "$tgt"
      mount --bind "$src" "$r$tgt"
      if [ "$mode" = ro ]; then mount -o remount,bind,ro "$r$tgt"; fi
      ;;
    tmpfs)
      tgt=$2; shift 2
      inside "$tgt"; chroot "$r" mkdir -p -- "$tgt"; inside "$tgt"
      mount -t tmpfs -o mode=0755,size=16m tmpfs "$r$tgt"
      ;;
    symlink)
      path=$2; to=$3; shift 3
      inside "$path"; chroot "$r" mkdir -p -- "$(dirname -- "$path")"
      chroot "$r" ln -s -- "$to" "$path"
      ;;
    dir)
      path=$2; shift 2
      inside "$path"; chroot "$r" mkdir -p -- "$path"; inside "$path"
      ;;
    *) echo "disinto-lab $name: unknown op: $1" >&2; exit 2 ;;
  esac
done
echo "$$"
exec chroot "$r" sleep "$sleep_s"
`

/** Support probe: a private mount namespace, a tmpfs on $1 and an overlay over / on it. */
export const SUPPORT_SCRIPT = `set -eu
t=$1
mount -t tmpfs disinto-lab-probe "$t"
mkdir "$t/u" "$t/w" "$t/r"
mount -t overlay overlay -o "lowerdir=/,upperdir=$t/u,workdir=$t/w" "$t/r"
test -d "$t/r/usr"
chroot "$t/r" true
`
