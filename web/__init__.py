"""The public face of the catalogue: the Bottle app, its pages and JSON API, and the CLI.

The top floor: it imports ``catalogue`` and ``index`` and nothing imports it.
"""
