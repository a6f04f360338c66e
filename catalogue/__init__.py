"""The catalogue's items, vocabularies and store of record.

This package is the bottom floor: it imports nothing from ``index`` or ``web``
and is the only place that runs SQL.
"""
