"""The Spark session the job runs in: the caller's, spark-submit's, or a new one for ``--master``."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from wikikg.errors import ConfigError


def get_session(master: str | None = None, *, app_name: str = "wikikg extract",
                conf: Mapping[str, str] | None = None, progress: bool = False) -> Any:
    """A :class:`pyspark.sql.SparkSession`: the active one, or a new one.

    Under ``spark-submit`` the master and every setting come from spark-submit; ``master`` is then
    normally left out.  Started from plain Python (``wikikg extract --engine spark``), PySpark
    launches its own JVM, ``local[*]`` unless ``master`` says otherwise; for a local master the
    executors' Python is this interpreter (unless ``$PYSPARK_PYTHON`` names another), so that they
    import the same wikikg.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("--engine spark needs pyspark: pip install 'pyspark>=4.0'") from None
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ
    if not under_submit and (master is None or master.startswith("local")):
        # PySpark starts its Python workers with $PYSPARK_PYTHON, read when the context starts
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.ui.showConsoleProgress", "true" if progress else "false")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as e:  # no Java, a bad master URL …: one line for the user
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ConfigError(f"cannot start Spark ({first})") from None
    session.sparkContext.setLogLevel("WARN")
    return session
