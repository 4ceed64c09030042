#!/usr/bin/env bash
# Make sure the matching index exists before the bot starts. In order of preference:
#   1. an index already at $JOBBCOACH_INDEX (kept current with `python -m jobmatch sync`)
#   2. a JSONL file of ads in the JobSearch hit shape named by $JOBBCOACH_ADS_SOURCE
#   3. the live JobTech JobStream API
#   4. the ads sample in ../shared/data, when this checkout sits beside it (development and demos)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JOBBCOACH_ROOT"
say() { printf '\033[1;34m[index]\033[0m %s\n' "$*"; }
# jobmatch reads no environment: the settings it honours are passed on its command line.
matching=(--index "$JOBBCOACH_INDEX" ${JOBBCOACH_EMBEDDER:+--embedder "$JOBBCOACH_EMBEDDER"})

if "$APP_PY" -m jobmatch info --index "$JOBBCOACH_INDEX"; then
  exit 0
fi
if [ -e "$JOBBCOACH_INDEX" ]; then
  # Damaged (an interrupted build, a full disk): keep it for inspection, build a fresh one.
  aside="$JOBBCOACH_INDEX.damaged-$(date +%Y%m%d-%H%M%S)"
  mv "$JOBBCOACH_INDEX" "$aside"
  say "the index was damaged; moved it to $aside and building a new one"
fi
if [ -n "${JOBBCOACH_ADS_SOURCE:-}" ]; then
  say "building the index from $JOBBCOACH_ADS_SOURCE"
  exec "$APP_PY" -m jobmatch build --source "$JOBBCOACH_ADS_SOURCE" "${matching[@]}"
fi
say "trying the live JobTech API"
if "$APP_PY" -m jobmatch sync "${matching[@]}" ${JOBBCOACH_JOBSTREAM_URL:+--stream-url "$JOBBCOACH_JOBSTREAM_URL"}; then
  exit 0
fi
sample="$JOBBCOACH_ROOT/../shared/data/ads/ads-sample.jsonl"
if [ -f "$sample" ]; then
  say "the live JobTech API could not be reached and no source is configured:"
  say "building the index from the shared ads sample $sample (once; later runs reuse it)"
  exec "$APP_PY" -m jobmatch build --source "$sample" "${matching[@]}"
fi
echo "No job ads: set JOBBCOACH_ADS_SOURCE to a JSONL file of JobSearch hits, or allow access to the JobTech API." >&2
exit 1
