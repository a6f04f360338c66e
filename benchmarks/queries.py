"""A deterministic query mix drawn from a corpus, shaped like real use of the search page.

Each query is ``Query(kind, query, filters)``; ``filters`` uses the shape
of ``idx.search(filters=...)`` (``{"issuer": [...], "year": [2012 | (2010,
2012)], ...}``). Kinds:

- ``word``: one word, drawn by frequency from titles and bodies;
- ``words``: two to four words that occur together in one item;
- ``phrase``: two adjacent title words in double quotes;
- ``docno``: a doc number, as canonical or in a bracket style people type;
- ``filtered``: one or two words with an issuer and/or year filter;
- ``browse``: no words, only filters (issuer, year, topic or genre);
- ``pinyin``: a title word or two typed in pinyin: run together
  (xinxigongkai), by initials (xxgk), a word apart (xinxi gongkai) or half
  Han (政务gk), a quarter each.

Words are segmented with jieba's accurate mode, so a word drawn from a
Traditional item is in Traditional, as its readers would type it.

What can go wrong: a sample without doc numbers or too small to draw from
(``ValueError`` naming the kind).
"""

import json
import random
import re
from typing import NamedTuple

KINDS = ("word", "words", "phrase", "docno", "filtered", "browse", "pinyin")
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_BODY_CHARS = 200   # of each body: enough to draw from; jieba runs ~150k chars/s here


class Query(NamedTuple):
    kind: str
    query: str
    filters: dict

    def to_json(self):
        return {"kind": self.kind, "query": self.query, "filters": self.filters}

    @classmethod
    def from_json(cls, data):
        filters = dict(data.get("filters") or {})
        if "year" in filters:
            filters["year"] = [tuple(y) if isinstance(y, list) else y for y in filters["year"]]
        return cls(data["kind"], data["query"], filters)


def _words(text):
    import jieba   # benchmarks only: the query side of the app segments in index/
    return [w for w in jieba.lcut(text, HMM=False) if _WORD.match(w)]


class _Pool:
    """Segmented titles and bodies of the sample, for drawing words by frequency."""

    def __init__(self, items):
        self.items = list(items)
        if not self.items:
            raise ValueError("the query mix needs a sample of at least one item")
        self.title_words = [_words(item["title"]) for item in self.items]
        self.body_words = [_words((item.get("body") or "")[:_BODY_CHARS]) for item in self.items]
        self.flat_title = [w for ws in self.title_words for w in ws]
        self.flat_body = [w for ws in self.body_words for w in ws]
        self.with_doc = [item for item in self.items if item.get("doc_no")]

    def word(self, rng):
        # Drawing an occurrence (not a distinct word) weights words by frequency.
        pool = self.flat_title if rng.random() < 0.5 else self.flat_body
        return rng.choice(pool)

    def cooccurring(self, rng, n):
        while True:
            k = rng.randrange(len(self.items))
            words = list(dict.fromkeys(self.title_words[k] + self.body_words[k]))
            if len(words) >= n:
                return k, rng.sample(words, n)

    def phrase(self, rng):
        while True:
            k = rng.randrange(len(self.items))
            words = self.title_words[k]
            if len(words) >= 2:
                at = rng.randrange(len(words) - 1)
                phrase = words[at] + words[at + 1]
                # Only words adjacent in the title (no punctuation between them).
                if phrase in self.items[k]["title"]:
                    return f'"{phrase}"'


def _docno_as_typed(rng, doc_no):
    """The doc number as someone might type it: canonical, [ ] brackets, or without 号."""
    roll = rng.random()
    if roll < 0.5:
        return doc_no
    if roll < 0.75:
        return doc_no.replace("〔", "[").replace("〕", "]")
    return doc_no.replace("〔", "(").replace("〕", ")").rstrip("号")


def _as_pinyin(rng, words):
    """Title ``words`` as someone typing pinyin might (see the module docstring)."""
    from index import pinyin     # the app's own reading of titles (pypinyin lives in index/)
    full = [pinyin.keys(w)[0] for w in words]
    roll = rng.random()
    if roll < 0.25:
        return "".join(full)
    if roll < 0.5:
        return "".join(pinyin.keys(w)[1] for w in words)
    if roll < 0.75 and len(words) > 1:
        return " ".join(full)
    return words[0] + "".join(pinyin.keys(w)[1] for w in words[1:]) if len(words) > 1 else \
        words[0][0] + pinyin.keys(words[0][1:])[1]


def _year_filter(rng, year):
    return [year] if rng.random() < 0.6 else [(year - 2, year)]


def _draw_word(pool, rng):
    return Query("word", pool.word(rng), {})


def _draw_words(pool, rng):
    _, words = pool.cooccurring(rng, rng.randint(2, 4))
    return Query("words", " ".join(words), {})


def _draw_phrase(pool, rng):
    return Query("phrase", pool.phrase(rng), {})


def _draw_docno(pool, rng):
    return Query("docno", _docno_as_typed(rng, rng.choice(pool.with_doc)["doc_no"]), {})


def _draw_filtered(pool, rng):
    k, words = pool.cooccurring(rng, rng.randint(1, 2))
    item = pool.items[k]
    roll = rng.random()
    filters = {}
    if roll < 0.7:
        filters["issuer"] = [item["issuer"]]
    if roll >= 0.4:
        filters["year"] = _year_filter(rng, int(item["publish_date"][:4]))
    return Query("filtered", " ".join(words), filters)


def _draw_browse(pool, rng):
    item = rng.choice(pool.items)
    facet = rng.choice(("issuer", "year", "topic", "genre", "issuer+year"))
    if facet == "year":
        filters = {"year": _year_filter(rng, int(item["publish_date"][:4]))}
    elif facet == "issuer+year":
        filters = {"issuer": [item["issuer"]], "year": [int(item["publish_date"][:4])]}
    else:
        filters = {facet: [item[facet]]}
    return Query("browse", "", filters)


def _draw_pinyin(pool, rng):
    k = rng.randrange(len(pool.items))
    words = pool.title_words[k]
    at = rng.randrange(len(words)) if words else 0
    picked = words[at:at + rng.randint(1, 2)] or [rng.choice(pool.flat_title)]
    return Query("pinyin", _as_pinyin(rng, picked), {})


_DRAW = {"word": _draw_word, "words": _draw_words, "phrase": _draw_phrase, "docno": _draw_docno,
         "filtered": _draw_filtered, "browse": _draw_browse, "pinyin": _draw_pinyin}


def make_queries(items, per_kind=50, seed=0):
    """``per_kind`` queries of each kind drawn from ``items`` (a list of item dicts), deterministic."""
    pool = _Pool(items)
    if not pool.with_doc:
        raise ValueError("docno: the sample has no item with a doc number")
    rng = random.Random(seed)
    return [_DRAW[kind](pool, rng) for kind in KINDS for _ in range(per_kind)]


def query_key(query):
    """What makes two queries the same search (kind left out): the text and the filters, in a fixed order."""
    return query.query, json.dumps(query.filters, sort_keys=True, ensure_ascii=False)


def wide_mix(items, size, seed=0, tries=20):
    """About ``size`` DISTINCT queries of the mix, kinds in equal shares as far as ``items`` allow, shuffled.

    For load that must never meet a result cache: each query differs from
    every other in its text or filters. A kind that runs out of new queries
    (doc numbers and browse filters of a small sample do) after ``tries``
    draws in a row that were all repeats leaves its share to the other
    kinds. Deterministic for the same items, size and seed.
    """
    pool = _Pool(items)
    if not pool.with_doc:
        raise ValueError("docno: the sample has no item with a doc number")
    rng = random.Random(seed)
    seen, chosen = set(), {kind: [] for kind in KINDS}
    open_kinds = list(KINDS)
    while open_kinds and sum(map(len, chosen.values())) < size:
        share = -(-(size - sum(map(len, chosen.values()))) // len(open_kinds))
        for kind in list(open_kinds):
            wanted, misses = share, 0
            while wanted and misses < tries * max(1, share):
                query = _DRAW[kind](pool, rng)
                key = query_key(query)
                if key in seen:
                    misses += 1
                    continue
                seen.add(key)
                chosen[kind].append(query)
                wanted -= 1
            if wanted:
                open_kinds.remove(kind)
    mix = [q for kind in KINDS for q in chosen[kind]][:size]
    random.Random(seed + 1).shuffle(mix)
    return mix


def write_queries(queries, path):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump([q.to_json() for q in queries], fh, ensure_ascii=False, indent=0)


def read_queries(path):
    with open(path, encoding="utf-8") as fh:
        return [Query.from_json(q) for q in json.load(fh)]
