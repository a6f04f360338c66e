"""Search side of the catalogue: Chinese text analysis, the Whoosh index and queries.

The only package that imports whoosh or jieba; nothing Whoosh-specific leaves it.
"""

from .engine import Index, open_index

__all__ = ["Index", "open_index"]
