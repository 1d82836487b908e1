#!/usr/bin/env bash
# Each plugin breaks one thing on purpose; the tests named beside it must then fail.
# Usage: bash bench/mutations/run.sh   (from the repository root; prints one line per mutation)
set -u
cd "$(dirname "$0")/../.."
check() {  # plugin, test selection
    if PYTHONPATH=bench/mutations .venv/bin/python -m pytest -q -p "$1" $2 >/dev/null 2>&1; then
        echo "NOT CAUGHT  $1: $2 still pass"
    else
        echo "caught      $1: $2 fail"
    fi
}
check break_pronouns "tests/test_actors.py -k pronoun_links"
check break_aliases "tests/test_actors.py -k aliases_link"
check break_claimant "tests/test_claims.py -k falsely"
check break_speakers "tests/test_quotes.py -k floors"
