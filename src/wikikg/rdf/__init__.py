"""RDF: terms, vocabulary, IRI minting, dataset definitions, N-Triples."""
