#!/bin/sh
# Captures real findmnt output, in every form a user may paste, for each mountinfo fixture,
# so the findmnt parsers are tested against util-linux itself (outputs are committed: the tests
# need no findmnt). Usage: scripts/capture-findmnt-forms.sh [mountinfo-file...]
# Default inputs: fixtures/mountinfo/corpus/*.txt and fixtures/mountinfo/special.txt.
# Output: fixtures/findmnt/<name>/<form>.txt, plus VERSION (the findmnt that made them).
set -eu
cd "$(dirname "$0")/.."
out=fixtures/findmnt
cols=ID,PARENT,MAJ:MIN,FSROOT,TARGET,SOURCE,FSTYPE,VFS-OPTIONS,FS-OPTIONS,PROPAGATION
# right-aligned ID/PARENT after left-aligned columns: the hard case for aligned parsing
mixed=TARGET,ID,SOURCE,PARENT,FSTYPE
[ "$#" -gt 0 ] || set -- fixtures/mountinfo/corpus/*.txt fixtures/mountinfo/special.txt
mkdir -p "$out"
findmnt --version > "$out/VERSION"

# capture NAME FORM LOCALE findmnt-args...: writes the output, or nothing when findmnt fails
capture() {
  name=$1 form=$2 locale=$3
  shift 3
  tmp=$out/$name/.$form.tmp
  if env -u LANGUAGE LANG="$locale" LC_ALL="$locale" findmnt "$@" > "$tmp" 2> "$tmp.err"; then
    mv "$tmp" "$out/$name/$form.txt"
  else
    rm -f "$tmp"
  fi
  if [ -s "$tmp.err" ]; then mv "$tmp.err" "$out/$name/$form.stderr"; else rm -f "$tmp.err"; fi
}

for file in "$@"; do
  name=$(basename "$file" .txt)
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  for set in default cols; do
    if [ "$set" = cols ]; then suffix=-cols; else suffix=; fi
    capture "$name" "tree$suffix" C.UTF-8 -F "$file" -k ${suffix:+-o "$cols"}
    capture "$name" "ascii$suffix" C.UTF-8 -F "$file" -k --ascii ${suffix:+-o "$cols"}
    capture "$name" "list$suffix" C.UTF-8 -F "$file" -k -l ${suffix:+-o "$cols"}
    capture "$name" "raw$suffix" C.UTF-8 -F "$file" -k -r ${suffix:+-o "$cols"}
    capture "$name" "pairs$suffix" C.UTF-8 -F "$file" -k -P ${suffix:+-o "$cols"}
    capture "$name" "json$suffix" C.UTF-8 -F "$file" -k -J ${suffix:+-o "$cols"}
    capture "$name" "json-list$suffix" C.UTF-8 -F "$file" -k -J -l ${suffix:+-o "$cols"}
  done
  capture "$name" tree-c C -F "$file" -k
  capture "$name" list-c C -F "$file" -k -l
  capture "$name" tree-mixed C.UTF-8 -F "$file" -k -o "$mixed"
  capture "$name" list-mixed C.UTF-8 -F "$file" -k -l -o "$mixed"
  rmdir "$out/$name" 2>/dev/null || true
done
