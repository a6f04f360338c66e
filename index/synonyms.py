"""Synonym groups (those of ``data/synonyms.yaml``, then as staff edit them), looked up by folded term.

The groups searches apply live in the store (``catalogue.synonymstore``,
edited by staff); ``stored(store, data_dir)`` reads them, seeding a new
store from the data folder's file first.

A group is a list of equivalent terms (低保, 最低生活保障). ``terms(value)``
gives the other terms of every group holding ``value`` as written in the file
(the planner wants the written form: for titles 住房和城乡建设厅 keeps its
和, which segmenting drops); ``expand(word)`` gives them segmented, each as
its list of folded words.

What can go wrong: ``load`` raises ``ConfigError`` for a missing file (unless
``missing_ok``), bytes that are not UTF-8 or text that is not YAML, and names
the line of a group that is not a list of two or more non-empty terms.
"""

from pathlib import Path

import yaml

from catalogue import synonymstore
from catalogue.errors import ConfigError
from catalogue.yamlfile import compose_yaml

from .analysis import segment
from .fold import fold

SYNONYMS = "synonyms.yaml"      # the file's name in the data folder


def _term_key(term):
    return "".join(fold(term).split())


class Synonyms:
    """Groups of equivalent terms, looked up by folded form (spaces ignored)."""

    def __init__(self, groups=()):
        self.groups = [tuple(group) for group in groups]
        self._others = {}
        for group in self.groups:
            keys = [_term_key(t) for t in group]
            for key in keys:
                found = self._others.setdefault(key, [])
                found.extend(t for t, k in zip(group, keys) if k != key and t not in found)

    @classmethod
    def load(cls, path, *, missing_ok=False):
        """Read a YAML list of groups, each a list of at least two terms.

        A missing file is no synonyms when ``missing_ok``. What can go wrong:
        bad YAML, or a group that is not a list of two or more non-empty
        terms, raises ``ConfigError`` naming the line.
        """
        root = compose_yaml(path, missing=None) if missing_ok else compose_yaml(path)
        if root is None:
            return cls()
        if not isinstance(root, yaml.SequenceNode):
            raise ConfigError(f"{path}:{root.start_mark.line + 1}: expected a list of synonym groups")
        groups = []
        for node in root.value:
            where = f"{path}:{node.start_mark.line + 1}"
            if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
                raise ConfigError(f"{where}: a synonym group is a list of at least two terms")
            terms = []
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or not _term_key(item.value):
                    raise ConfigError(f"{where}: every term of a synonym group must be non-empty text")
                terms.append(item.value)
            groups.append(terms)
        return cls(groups)

    def __len__(self):
        return len(self.groups)

    def terms(self, value):
        """The other terms (as written) of every group holding ``value``; [] if none."""
        return self._others.get(_term_key(value), [])

    def expand(self, word):
        """Alternatives to ``word`` (not itself), each a list of folded words; [] if none."""
        alternatives = []
        for term in self.terms(word):
            words = segment(term, "accurate")
            if words and words not in alternatives:
                alternatives.append(words)
        return alternatives


def stored(store, data_dir):
    """The store's synonym groups as ``Synonyms``; a store without any is seeded from ``data_dir``'s file first.

    What can go wrong: the file's ``ConfigError`` (see ``Synonyms.load``) when seeding.
    """
    if not synonymstore.seeded(store):
        synonymstore.seed(store, Synonyms.load(Path(data_dir) / SYNONYMS, missing_ok=True).groups)
    return Synonyms(group["terms"] for group in synonymstore.groups(store))
