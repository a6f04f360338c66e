"""The naive baseline: Whoosh as its tutorial shows it, with jieba's bundled ChineseAnalyzer.

Every text field uses ``jieba.analyse.ChineseAnalyzer`` (jieba's search mode);
facets come from Whoosh ``groupedby`` (issuer, year, topic, genre, counted
with ``sorting.Count``); highlights from ``Hit.highlights``; each query opens
a NEW searcher and parses with a ``MultifieldParser`` (AND of the words);
the build is one default writer (one process, default memory) and one commit.
It is what the issue's "naive baseline" means, so the ratio in the report
shows what the project's engineering buys.

Run on its own (``python -m benchmarks.baseline --corpus DIR --queries FILE
--work DIR --json FILE``) so that its peak RSS is its own.

What can go wrong: a corpus folder without JSONL files (``FileNotFoundError``);
a query Whoosh's parser cannot handle is reported under ``errors``, not raised.
"""

import shutil
import sys
import time
from pathlib import Path

from benchmarks.corpus import read_jsonl
from benchmarks.measure import (DiskSampler, dir_size_mb, peak_rss_mb, private_tempdir, side_parser, time_queries,
                                write_figures)
from benchmarks.queries import read_queries

TEXT_FIELDS = ("title", "body", "doc_no")
FACETS = ("issuer", "year", "topic", "genre")


def _schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh import fields

    analyzer = ChineseAnalyzer()
    return fields.Schema(
        index_no=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, analyzer=analyzer),
        body=fields.TEXT(stored=True, analyzer=analyzer),
        doc_no=fields.TEXT(stored=True, analyzer=analyzer),
        issuer=fields.ID(stored=True),
        year=fields.NUMERIC(int, stored=True),
        topic=fields.ID(stored=True),
        genre=fields.ID(stored=True),
        publish_date=fields.ID(stored=True),
    )


def corpus_files(corpus):
    """The JSONL shards of a corpus folder (or the one file given), in order."""
    corpus = Path(corpus)
    files = [corpus] if corpus.is_file() else sorted(corpus.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"{corpus}: no .jsonl files")
    return files


def corpus_mb(corpus):
    """Bytes of the corpus's JSONL shards, in MiB: what the build's disk use is compared with."""
    return sum(path.stat().st_size for path in corpus_files(corpus)) / 2**20


def build(corpus, index_dir, progress=None):
    """Index every item of ``corpus`` into a fresh Whoosh index; returns ``{"items", "seconds"}``."""
    from whoosh import index

    index_dir = Path(index_dir)
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    start = time.perf_counter()
    ix = index.create_in(str(index_dir), _schema())
    count = 0
    with ix.writer() as writer:   # commits on leaving the block
        for path in corpus_files(corpus):
            for item in read_jsonl(path):
                writer.add_document(
                    index_no=item["index_no"], title=item["title"], body=item.get("body") or "",
                    doc_no=item.get("doc_no") or "", issuer=item["issuer"],
                    year=int(item["publish_date"][:4]), topic=item.get("topic") or "",
                    genre=item.get("genre") or "", publish_date=item["publish_date"])
                count += 1
                if progress and count % progress == 0:
                    print(f"baseline: {count} items indexed, {time.perf_counter() - start:.0f} s",
                          file=sys.stderr, flush=True)
    ix.close()
    return {"items": count, "seconds": time.perf_counter() - start}


def _filter(filters, whoosh_query):
    parts = []
    for name, values in (filters or {}).items():
        options = []
        for value in values:
            if name == "year" and isinstance(value, (tuple, list)):
                options.append(whoosh_query.NumericRange("year", value[0], value[1]))
            elif name == "year":
                options.append(whoosh_query.Term("year", int(value)))
            else:
                options.append(whoosh_query.Term(name, value))
        parts.append(whoosh_query.Or(options) if len(options) > 1 else options[0])
    if not parts:
        return None
    return whoosh_query.And(parts) if len(parts) > 1 else parts[0]


class Searcher:
    """The naive search call: new searcher, parse, page of 10, groupedby counts, highlights."""

    def __init__(self, index_dir):
        from whoosh import index
        from whoosh import query as whoosh_query
        from whoosh import sorting
        from whoosh.qparser import MultifieldParser

        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser(list(TEXT_FIELDS), self.ix.schema)
        self.q = whoosh_query
        self.sorting = sorting

    def search(self, text, filters=None, per_page=10):
        q = self.q
        facets = {name: self.sorting.FieldFacet(name, maptype=self.sorting.Count) for name in FACETS}
        with self.ix.searcher() as searcher:
            kwargs = {"groupedby": facets, "filter": _filter(filters, q)}
            if text.strip():
                parsed = self.parser.parse(text)
            else:
                parsed = q.Every()
                kwargs["sortedby"] = self.sorting.FieldFacet("publish_date", reverse=True)
            page = searcher.search_page(parsed, 1, pagelen=per_page, **kwargs)
            hits = []
            for hit in page:
                hits.append({"index_no": hit["index_no"], "title": hit["title"],
                             "issuer": hit["issuer"], "year": hit["year"],
                             "highlights": {"title": hit.highlights("title"),
                                            "snippet": hit.highlights("body")}})
            results = page.results
            return {"total": page.total, "items": hits,
                    "facets": {name: results.groups(name) for name in FACETS}}

    def close(self):
        self.ix.close()


def run(corpus, queries, work, progress=None):
    """Build the baseline index in ``work`` and time ``queries``; returns the figures as a dict."""
    work = Path(work)
    index_dir = work / "baseline-index"
    tmp_dir = private_tempdir(work / "tmp")
    shutil.rmtree(index_dir, ignore_errors=True)   # an earlier run's index is not this build's disk use
    with DiskSampler({"index": index_dir, "tmp": tmp_dir}) as disk:
        built = build(corpus, index_dir, progress)
    corpus_size = corpus_mb(corpus)
    index_mb = dir_size_mb(index_dir)
    searcher = Searcher(index_dir)
    try:
        timed = time_queries(queries, lambda query: searcher.search(query.query, query.filters)["total"])
    finally:
        searcher.close()
    return {
        "side": "baseline",
        "items": built["items"],
        "build_seconds": built["seconds"],
        "build_items_per_s": built["items"] / built["seconds"] if built["seconds"] else None,
        "index_mb": index_mb,
        "corpus_mb": corpus_size,
        "build_disk": dict(disk.figures(), corpus_mb=corpus_size,
                           peak_ratio=disk.peak_total / corpus_size if corpus_size else None,
                           index_ratio=index_mb / corpus_size if corpus_size else None),
        "queries": timed,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv=None):
    parser = side_parser("python -m benchmarks.baseline", __doc__)
    parser.add_argument("--progress", type=int, default=0, help="report every N items built")
    args = parser.parse_args(argv)
    figures = run(args.corpus, read_queries(args.queries), args.work, args.progress or None)
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
