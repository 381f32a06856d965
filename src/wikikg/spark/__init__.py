"""The extraction as an Apache Spark job, for dumps that outgrow one machine.

The same extractors run per page in Spark's executors; only the plumbing around them changes:

* :mod:`.inputs` plans the input partitions of each dump on the driver *without reading the dump*:
  byte ranges of whole bz2 streams from a multistream dump's index (:mod:`wikikg.dump.multistream`), else
  Hadoop's splittable input cut at ``</page>`` (:mod:`.records`), else — for a compression or
  encoding that cannot be split — one executor task that streams the file;
* :mod:`.task` runs the extractors over the pages of one partition and writes that partition's
  part files; :mod:`.commit` makes the output of a retried task appear exactly once;
* :mod:`.redirects` resolves transitive redirects with joins;
* :mod:`.job` orchestrates, joins the part files into the local engine's layout
  (``OUT/<dataset>.nt.gz`` + ``manifest.json``) and is what ``wikikg extract --engine spark`` and
  ``spark-submit …/wikikg/spark/__main__.py`` run.
"""
