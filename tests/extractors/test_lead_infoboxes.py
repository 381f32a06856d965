"""images, homepages and geo-coordinates read the article's infoboxes through the one finder
(``ParsedPage.lead_infoboxes``): a lead template that merely has two named arguments — a portal
tile, a search button — is not the article's infobox.  Pages read by hand from the shared dumps."""

from __future__ import annotations

from pathlib import Path

from wikikg.dump.xml import DumpReader
from wikikg.extractors.homepages import homepage
from wikikg.extractors.images import main_image
from wikikg.wikitext.parsed import ParsedPage


def _page(path: Path, title: str, lang: str | None = None) -> ParsedPage:
    with DumpReader(path, lang=lang) as reader:
        for page in reader:
            if page.title == title:
                return ParsedPage(page, reader.siteinfo)
    raise AssertionError(f"{title} not in {path}")


def test_a_search_button_is_not_the_main_pages_homepage(dumps: Path) -> None:
    # मुखपृष्ठ (mrwiki's main page): its one URL is {{Clickable button 2|…|url=…/index.php?search=}};
    # it has no infobox and no website template
    page = _page(dumps / "truncated" / "mrwiki-20230501-truncated.xml.xz", "मुखपृष्ठ")
    assert [t.name for t in page.lead_infoboxes] == []
    assert homepage(page) is None


def test_portal_tiles_are_not_the_wikis_picture(dumps: Path) -> None:
    # the fandom wiki's main page: five {{portalskin|articlename=…|image=…}} tiles, one per
    # character, and one [[File:…]] link to a video (no image extension)
    page = _page(dumps / "fandom" / "beautyandthebeastcwshow_fandom_pages_current.xml.bz2",
                 "Beauty and the Beast (CW Show) Wiki", "en")
    assert "Portalskin" not in {t.name for t in page.lead_infoboxes}
    assert main_image(page) is None
