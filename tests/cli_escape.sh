#!/bin/sh
# chaoslm command-line tool: --escape, --restart-from, --restarts and --race
# reach the library (the header line says what happens when stuck, the
# record's chaos section lists the jumps) and are deterministic.
# GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

IRIS="$DATA/iris.csv"
# a goal out of reach, so that the run gets stuck and escapes
A="--targets 3 --hidden 3 --divide none --goal 1e-9 --epochs 400 --seed 2"

"$CHAOSLM" train "$IRIS" $A --escape compress --restart-from chaos --restarts 4 \
  --record a.json >out.txt 2>err.txt
ok $? "--escape compress --restart-from chaos --restarts 4 trains"
grep -q "When stuck: 1 weight compressions per series, then a fresh chaotic start (4 allowed)" out.txt
ok $? "the header line says what happens when stuck"
ev=$(json a.json 'd["chaos"]["n_escapes"] + d["chaos"]["n_reinits"]')
kinds=$(json a.json '",".join(str(e["kind"]) for e in d["chaos"]["events"])')
[ "$ev" -ge 2 ] && echo "$kinds" | grep -q escape && echo "$kinds" | grep -q reinit
ok $? "the record lists compressions and fresh starts ($kinds)"
"$CHAOSLM" train "$IRIS" $A --escape compress --restart-from chaos --restarts 4 \
  --threads 1 --record b.json >/dev/null 2>&1
[ -s a.json ] && [ -s b.json ] && [ "$(json a.json 'd["perf"]')" = "$(json b.json 'd["perf"]')" ]
ok $? "same record with 1 thread as with the default"

"$CHAOSLM" train "$IRIS" $A --race 3 --restarts 1 --record r.json >out.txt 2>err.txt
ok $? "--race 3 --restarts 1 trains"
grep -q "Race of 3 runs from chaotic starts, 1 new rounds allowed" out.txt
ok $? "the header line announces the race"
[ "$(json r.json 'len(d["chaos"]["events"])')" -ge 1 ] && [ "$(json r.json 'd["chaos"]["events"][0]["kind"]')" = init ]
ok $? "the race's record starts with its chaotic search"
diag err.txt
done_testing
