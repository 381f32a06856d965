"""``spark-submit …/wikikg/spark/__main__.py DUMP … -o OUT`` (or ``python -m wikikg.spark``).

The entry point for a cluster: spark-submit runs this file as the driver program, with the master,
executors and memory it was given; the options are those of ``wikikg extract`` plus the Spark-only
ones (``--index``, ``--split-mb``).  Its path: ``python -c "import wikikg.spark.__main__ as m;
print(m.__file__)"``.
"""

from __future__ import annotations

import sys

from wikikg.spark.cli import main

if __name__ == "__main__":
    sys.exit(main())
