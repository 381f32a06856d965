"""Fixtures of the store tests: the shared real-data graph is ``graph`` of ``tests/conftest.py``
(see :mod:`tests.store.graph`)."""
