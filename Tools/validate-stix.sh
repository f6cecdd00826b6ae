#!/usr/bin/env bash
# Validates STIX 2.1 bundles (e.g. from the cdx STIX export) with the OASIS validator.
#
#   Tools/validate-stix.sh FILE...
#
# Installs stix2-validator with pip when it is missing. 3.3.1, the newest release on PyPI,
# ships without its JSON schemas and rejects every object ("Cannot locate a schema ...",
# oasis-open/cti-stix-validator#248), so 3.2.0 is pinned and a schema-less install is replaced.
# Exits non-zero when any file has an error; warnings (best-practice SHOULDs) are listed and
# allowed. Expected warning: {103} "not a valid UUIDv4 ID" on every object, because cdx
# makes deterministic name-based (version 5) ids so that an export is reproducible.
set -u

if [ $# -eq 0 ]; then
    echo "usage: Tools/validate-stix.sh FILE..." >&2
    exit 2
fi

PY=${PYTHON:-python3}
VERSION=3.2.0

have_validator() {
    "$PY" - <<'PYEOF' 2>/dev/null
import os, sys
import stix2validator
schemas = os.path.join(os.path.dirname(stix2validator.__file__), "schemas-2.1", "schemas")
sys.exit(0 if os.path.isdir(schemas) else 1)
PYEOF
}

if ! have_validator; then
    echo "validate-stix: installing stix2-validator==$VERSION" >&2
    "$PY" -m pip install --quiet "stix2-validator==$VERSION" || { echo "validate-stix: pip install failed" >&2; exit 2; }
    have_validator || { echo "validate-stix: stix2validator is not usable after install" >&2; exit 2; }
fi

status=0
errors=0
warnings=0
all=""
for f in "$@"; do
    if [ ! -f "$f" ]; then
        echo "validate-stix: $f: no such file" >&2
        status=1
        continue
    fi
    # --enforce-refs: every object a relationship or sighting refers to must be in the bundle.
    out=$("$PY" -m stix2validator.scripts.stix2_validator --enforce-refs "$f" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    all="$all$out
"
    e=$(printf '%s\n' "$out" | grep -c '\[X\]')
    w=$(printf '%s\n' "$out" | grep -c '\[!\]')
    errors=$((errors + e))
    warnings=$((warnings + w))
    if [ "$rc" -ne 0 ] || [ "$e" -ne 0 ]; then
        status=1
    fi
done
echo "validate-stix: $# file(s), $errors error line(s), $warnings warning(s)"
if [ "$warnings" -ne 0 ]; then
    echo "validate-stix: warnings by check code:"
    printf '%s\n' "$all" | grep '\[!\]' | grep -o '{[0-9]*}' | sort | uniq -c
fi
exit $status
