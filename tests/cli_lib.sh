# tests/cli_lib.sh: helpers shared by the chaoslm command-line tests (sourced
# by tests/cli_*.sh; TAP output).  GPL-3.0-or-later.
#
# Environment (set by make check, see tests/local.mk): CLM_SRCDIR, CLM_BUILDDIR.
# The tool is the libtool wrapper $CLM_BUILDDIR/tools/chaoslm.

: "${CLM_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${CLM_BUILDDIR:=$(pwd)}"
CHAOSLM="$CLM_BUILDDIR/tools/chaoslm"
DATA="$CLM_SRCDIR/data"
PYTHON=${PYTHON:-python3}
tap_n=0
tap_failed=0

ok() { # ok COND-STATUS DESCRIPTION
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $tap_n - $2"
  else
    echo "not ok $tap_n - $2"
    tap_failed=$((tap_failed + 1))
  fi
}

diag() { sed 's/^/# /' "$@"; }

done_testing() {
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
}

# A private scratch directory, removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chaoslm-cli.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 99

if [ ! -x "$CHAOSLM" ]; then
  echo "1..0 # SKIP $CHAOSLM not built"
  exit 0
fi
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "Bail out! python3 is needed to check JSON records"
  exit 99
fi

# json FILE EXPR: print a Python expression evaluated with d = the JSON data.
json() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("(" + sys.argv[2] + ")"))' "$1" "$2"; }

n=0 # cases run by expect_usage (each in $WORK/caseN)
# expect_usage DESCRIPTION PATTERN ARGS...: run chaoslm ARGS in an empty
# directory; the outputs it is asked for (out.net, rec.json, p-*.png) must
# not appear.
expect_usage() {
  desc=$1 pat=$2
  shift 2
  n=$((n + 1))
  d="$WORK/case$n"
  mkdir -p "$d" && cd "$d" || exit 99
  if [ "$1" = "--path" ]; then # run with PATH=$2
    p=$2
    shift 2
    PATH=$p "$CHAOSLM" "$@" >stdout.txt 2>stderr.txt
  else
    "$CHAOSLM" "$@" >stdout.txt 2>stderr.txt
  fi
  rc=$?
  lines=$(wc -l <stderr.txt)
  extra=$(ls -A | grep -v -x -e stdout.txt -e stderr.txt -e 'in*.csv' -e 'model.net' || true)
  if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -e "$pat" stderr.txt && [ -z "$extra" ]; then
    ok 0 "$desc: exit 2, one line: $(cat stderr.txt)"
  else
    ok 1 "$desc"
    echo "# rc=$rc lines=$lines extra files: [$extra] wanted /$pat/; stderr:"
    diag stderr.txt
  fi
  cd "$WORK" || exit 99
}
