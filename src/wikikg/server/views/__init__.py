"""The views, one module per area: resource pages, data, SPARQL, Lookup, home."""
