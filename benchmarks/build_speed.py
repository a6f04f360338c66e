"""How fast one segment writer indexes benchmark items: the add phase and the final flush, apart.

One process, one ``index.internals.whoosh_write.SegmentBuilder`` (what each worker of a
parallel build runs), on N items of the benchmark corpus. ``--limitmb``
sets the posting pool's memory: a small one makes the pool spill runs to
disk as a large build does (at 1,000,000 items a worker spills a run every
few thousand items and merges ~100 runs in its flush). Prints items per
second for adding (analysis + pool) and for the flush (merging runs and
writing the postings), and the peak RSS.

    python -m benchmarks.build_speed --items 3000 --limitmb 16

For an A/B of two versions of the code, run it from both checkouts at the
same time (one core each), so both see the same machine; compare figures
from one run only.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--limitmb", type=int, default=16, help="the posting pool's memory, MB (builds use 256)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compress-from", type=int, default=None,
                        help="postings blocks of fewer bytes are not compressed (index.internals.whoosh_write.COMPRESS_FROM)")
    args = parser.parse_args(argv)

    from whoosh import index as whoosh_index

    from benchmarks.corpus import generate
    from index import schema, segmenter
    from index.internals import whoosh_write
    from index.internals.whoosh_write import SegmentBuilder

    if args.compress_from is not None:
        whoosh_write.COMPRESS_FROM = args.compress_from

    segmenter.configure(segmenter.DEFAULT_DATA_DIR)
    documents = []
    for number, item in enumerate(generate(args.items, seed=args.seed), 1):
        item["id"] = number
        documents.append(schema.document(item))
    with tempfile.TemporaryDirectory(prefix="build-speed-") as folder:
        ix = whoosh_index.create_in(folder, schema.build_schema())
        start = time.perf_counter()
        with SegmentBuilder(ix, compound=False, limitmb=args.limitmb) as writer:
            for document in documents:
                writer.add_document(**document)
            added = time.perf_counter()
            runs = len(writer.pool.runs)
        done = time.perf_counter()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
    add_s, flush_s = added - start, done - added
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.items} items, pool {args.limitmb} MB, compress from {getattr(whoosh_write, 'COMPRESS_FROM', 0)} bytes ({runs} runs spilled while adding): "
          f"add {add_s:.1f} s ({args.items / add_s:.0f} items/s), flush {flush_s:.1f} s, "
          f"whole {args.items / (add_s + flush_s):.0f} items/s; segment {size / 2**20:.0f} MiB; "
          f"peak RSS {peak:.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
