"""Reading MediaWiki dumps: XML page dumps and SQL table dumps, streamed."""

from wikikg.dump.page import Namespace, Page, SiteInfo

__all__ = ["Namespace", "Page", "SiteInfo"]
