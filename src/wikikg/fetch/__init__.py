"""Getting real data from Wikimedia: dump files (:mod:`.download`) and topic exports (:mod:`.topic`).

Everything here talks to servers we do not own, so everything here is polite: one request at a
time, a User-Agent that names wikikg and how to reach its maintainers (Wikimedia's User-Agent
policy), waits and retries on 429/503 and on the MediaWiki API's ``maxlag`` error, gzip accepted.
Only the command line imports this package; it may read ``dump`` and ``rdf`` but nothing reads it.
"""
