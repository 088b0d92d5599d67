"""The data package's error for the user's own data (CSV, NPZ, IDX, image folders)."""
from __future__ import annotations


class DataError(ValueError):
    """Data that cannot be used as given; the message names the file, what is wrong and what
    to try. (A ``ValueError``, so older ``except ValueError`` handlers still catch it.)"""
