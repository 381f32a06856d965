"""The few exception types wikikg raises on purpose.

Every :class:`WikiKGError` is a user's mistake or a bad input that we can name in one line;
the CLI prints ``wikikg: <message>`` and exits with status 2, the server answers 4xx.
Anything else that escapes is a bug of ours.
"""


class WikiKGError(Exception):
    """Base class: a problem we can explain to the user in one line."""


class InputError(WikiKGError):
    """An input file is missing, unreadable or not what it claims to be."""


class DumpFormatError(InputError):
    """The file is not a MediaWiki XML (or SQL) dump we can read."""


class ConfigError(WikiKGError):
    """A command-line option or setting is wrong (unknown extractor, bad language code …)."""


class StoreError(WikiKGError):
    """The RDF store is missing, incomplete or cannot be opened."""


class QueryError(WikiKGError):
    """A SPARQL query is malformed or not allowed."""
