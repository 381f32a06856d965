#!/usr/bin/env bash
# make run — a knowledge graph of a real topic in the browser, in one command.
#
#   scripts/run.sh                       fetch TOPIC from Wikipedia (the article, the articles it links
#                                        to, its versions in LANGUAGES), extract, load, serve
#   DUMP=path [LANGLINKS=path] scripts/run.sh
#                                        the same from local dump file(s), with no network
#
# Settings (environment variables; `make run VAR=value` passes them on):
#   TOPIC      article title(s) to fetch, separated by "|"   (default: Soviet withdrawal from Afghanistan)
#   WIKI_LANG  edition of TOPIC                                (default: en)
#   LANGUAGES  other editions, comma-separated                 (default: ar,es,fr,it,ja,ko,pt,ru,uk,zh)
#   DEPTH      links depth                                     (default: 1)
#   DUMP       local dump file(s), space-separated; LANGLINKS: langlinks table dump(s), space-separated
#   WORK       working folder: WORK/fetch, WORK/out, WORK/store (default: run)
#   HOST, PORT where to serve                                  (default: 127.0.0.1, 8000)
#   JOBS       extraction worker processes                     (default: 2)
#   EXTRACTORS extractor or group names for `extract --extractors` (default: all)
#   MAPPINGS   DBpedia ontology+mappings folder for `extract --mappings` (default: ../shared/data/dbpedia
#              when it exists, else DBpedia's published files, downloaded once and cached)
#   REFRESH=1  fetch again even when WORK/fetch already holds the same topic
#   API_URL    the MediaWiki Action API, {lang} standing for the edition (default: Wikipedia's)
#   WIKIKG     the wikikg command (default: .venv/bin/wikikg); PY: its Python (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."

WIKIKG=${WIKIKG:-.venv/bin/wikikg}
PY=${PY:-.venv/bin/python}
TOPIC=${TOPIC:-Soviet withdrawal from Afghanistan}
WIKI_LANG=${WIKI_LANG:-en}
LANGUAGES=${LANGUAGES-ar,es,fr,it,ja,ko,pt,ru,uk,zh}
DEPTH=${DEPTH:-1}
WORK=${WORK:-run}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
JOBS=${JOBS:-2}
EXTRACTORS=${EXTRACTORS:-}
DUMP=${DUMP:-}
LANGLINKS=${LANGLINKS:-}
REFRESH=${REFRESH:-}
default_api='https://{lang}.wikipedia.org/w/api.php'
API_URL=${API_URL:-$default_api}
if [[ -z ${MAPPINGS+set} && -d ../shared/data/dbpedia/ontology ]]; then
    MAPPINGS=../shared/data/dbpedia
fi
MAPPINGS=${MAPPINGS:-}

say() { printf 'run: %s\n' "$*" >&2; }
die() { printf 'run: %s\n' "$*" >&2; exit 2; }

[[ -x $WIKIKG ]] || die "$WIKIKG not found: run 'make venv' first (or set WIKIKG)"

fetch_dir="$WORK/fetch"
out_dir="$WORK/out"
store_dir="$WORK/store"
mkdir -p "$WORK"

dumps=()
langlinks=()
if [[ -n $DUMP ]]; then
    # -- local files, no network ------------------------------------------------------------------
    read -r -a dumps <<<"$DUMP"
    read -r -a langlinks <<<"$LANGLINKS"
    for f in "${dumps[@]}" "${langlinks[@]}"; do
        [[ -f $f ]] || die "no such file: $f"
    done
    title=""
else
    # -- fetch the topic from Wikipedia -----------------------------------------------------------
    IFS='|' read -r -a titles <<<"$TOPIC"
    wanted=$("$PY" -c 'import json, sys
lang, depth, languages, api, *titles = sys.argv[1:]
print(json.dumps({"lang": lang, "titles": titles, "links_depth": int(depth),
                  "languages": [c for c in (x.strip().lower() for x in languages.split(",")) if c],
                  "api": api}, sort_keys=True))' "$WIKI_LANG" "$DEPTH" "$LANGUAGES" "$API_URL" "${titles[@]}")
    have=$("$PY" -c 'import json, sys
try:
    r = json.load(open(sys.argv[1], encoding="utf-8"))["request"]
except (OSError, ValueError, KeyError):
    sys.exit(0)
print(json.dumps({k: r[k] for k in ("lang", "titles", "links_depth", "languages", "api")}, sort_keys=True))
' "$fetch_dir/fetch.json")
    if [[ -z $REFRESH && $have == "$wanted" ]]; then
        say "reusing $fetch_dir (same topic; REFRESH=1 fetches it again)"
    else
        say "fetching \"$TOPIC\" from ${API_URL//\{lang\}/$WIKI_LANG}, links depth $DEPTH, languages ${LANGUAGES:-none}"
        rm -f "$fetch_dir"/*-export.xml.bz2 "$fetch_dir"/*-langlinks.sql.gz "$fetch_dir/fetch.json"
        "$WIKIKG" fetch --lang "$WIKI_LANG" "${titles[@]}" --links-depth "$DEPTH" --languages "$LANGUAGES" \
            --api-url "$API_URL" -o "$fetch_dir" >/dev/null
    fi
    shopt -s nullglob
    dumps=("$fetch_dir"/*-export.xml.bz2)
    langlinks=("$fetch_dir"/*-langlinks.sql.gz)
    shopt -u nullglob
    [[ ${#dumps[@]} -gt 0 ]] || die "nothing fetched into $fetch_dir"
    title=$("$PY" -c 'import json, sys
print(json.load(open(sys.argv[1], encoding="utf-8"))["wikis"][0]["seeds"][0])' "$fetch_dir/fetch.json")
fi

# -- extract -----------------------------------------------------------------------------------------
if [[ -e $out_dir ]]; then
    # only ever remove what an earlier run of this script made
    [[ -f $out_dir/manifest.json ]] || die "$out_dir exists and is not an extraction output; move it away or set WORK"
    rm -rf "$out_dir"
fi
extract=("$WIKIKG" extract "${dumps[@]}" -o "$out_dir" --jobs "$JOBS")
for f in "${langlinks[@]}"; do extract+=(--langlinks "$f"); done
[[ -n $MAPPINGS ]] && extract+=(--mappings "$MAPPINGS")
[[ -n $EXTRACTORS ]] && extract+=(--extractors "$EXTRACTORS")
say "extracting ${#dumps[@]} dump(s) into $out_dir"
"${extract[@]}"

# -- load ----------------------------------------------------------------------------------------------
say "loading into $store_dir"
"$WIKIKG" load "$out_dir" -s "$store_dir" --replace

# -- serve ---------------------------------------------------------------------------------------------
base="http://$HOST:$PORT"
if [[ -n $title && ( $WIKI_LANG == en || ",$LANGUAGES," != *",en,"* ) ]]; then
    url="$base$("$PY" -c 'import sys
from wikikg.rdf.iri import escape_iri_part
from wikikg.server.urls import uri_path
print("/page/" + uri_path(escape_iri_part(sys.argv[1])))' "$title")"
else
    url="$base/"
fi

"$PY" -c 'import socket, sys
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], int(sys.argv[2])))' "$HOST" "$PORT" 2>/dev/null ||
    die "port $PORT of $HOST is in use: stop what uses it, or choose another with PORT=…"
"$WIKIKG" serve -s "$store_dir" --host "$HOST" --port "$PORT" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 600); do
    if ! kill -0 "$server" 2>/dev/null; then
        wait "$server" || true
        die "the server stopped before answering (is port $PORT already in use? set PORT=…)"
    fi
    if "$PY" -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2).close()' "$base/health" 2>/dev/null; then
        sleep 0.2
        kill -0 "$server" 2>/dev/null && break  # answered, and it is ours that answered
    fi
    sleep 0.2
done
printf '\n  wikikg is serving the graph at %s\n  open: %s\n  (Ctrl-C stops the server)\n\n' "$base/" "$url"
wait "$server"
