"""Writing a ``langlinks`` table dump exactly as Wikimedia publishes it (``{wiki}-{date}-langlinks.sql.gz``).

Wikimedia's table dumps are ``mysqldump`` output: a header of ``SET`` statements, the table's
``CREATE TABLE``, then ``INSERT INTO `langlinks` VALUES (…),(…);`` lines holding many rows each
(``--extended-insert``; lines stay under about a megabyte).  The row of MediaWiki's
``langlinks`` table (maintenance/tables.json) is ``(ll_from, ll_lang, ll_title)``: the page id in
this wiki, the other edition's interwiki prefix, and the title there — its text form, with
spaces, namespace prefix included.  Strings are escaped as ``mysql_real_escape_string`` does.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

#: Bytes of row data per INSERT line; mysqldump's default net_buffer_length is 1 MB.
LINE_BUDGET = 1_000_000

_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\x00": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z"}

_HEADER = """-- MySQL dump 10.19  Distrib 10.6.17-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: {host}    Database: {db}
-- ------------------------------------------------------
-- Server version	10.6.17-MariaDB-log
-- Written by {generator} from the MediaWiki API (prop=langlinks)

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `langlinks`
--

DROP TABLE IF EXISTS `langlinks`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8 */;
CREATE TABLE `langlinks` (
  `ll_from` int(8) unsigned NOT NULL DEFAULT 0,
  `ll_lang` varbinary(35) NOT NULL DEFAULT '',
  `ll_title` varbinary(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`ll_from`,`ll_lang`),
  KEY `ll_lang` (`ll_lang`,`ll_title`)
) ENGINE=InnoDB DEFAULT CHARSET=binary;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `langlinks`
--

/*!40000 ALTER TABLE `langlinks` DISABLE KEYS */;
"""

_FOOTER = """/*!40000 ALTER TABLE `langlinks` ENABLE KEYS */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on {when}
"""


def sql_string(value: str) -> str:
    """A MySQL string literal, escaped as ``mysql_real_escape_string`` does.

    >>> print(sql_string("Guerre d'Afghanistan (1979-1989)"))
    'Guerre d\\'Afghanistan (1979-1989)'
    """
    return "'" + "".join(_ESCAPES.get(c, c) for c in value) + "'"


def write_langlinks(
    path: Path, rows: Iterable[tuple[int, str, str]], *, dbname: str, host: str = "api", generator: str = "wikikg"
) -> int:
    """Write ``rows`` (ll_from, ll_lang, ll_title) to ``path`` (gzip) in primary-key order; the row count.

    The file is written as ``NAME.part`` and renamed when complete.
    """
    ordered = sorted(set(rows))
    part = path.with_name(path.name + ".part")
    try:
        with gzip.open(part, "wt", encoding="utf-8", newline="\n") as out:
            out.write(_HEADER.format(host=host, db=dbname, generator=generator))
            line: list[str] = []
            size = 0
            for ll_from, lang, title in ordered:
                value = f"({ll_from},{sql_string(lang)},{sql_string(title)})"
                if line and size + len(value) > LINE_BUDGET:
                    out.write("INSERT INTO `langlinks` VALUES " + ",".join(line) + ";\n")
                    line, size = [], 0
                line.append(value)
                size += len(value) + 1
            if line:
                out.write("INSERT INTO `langlinks` VALUES " + ",".join(line) + ";\n")
            out.write(_FOOTER.format(when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")))
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)
    return len(ordered)
