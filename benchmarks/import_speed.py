"""How fast items import into a fresh SQLite catalogue, and export again.

Generates N valid items deterministically (same seed, same items), writes
them as one JSON Lines file, imports it into a new home through
``catalogue.importer.import_files`` (one file = one transaction) and exports
every item in each asked format. Prints items per second for each step.

    python benchmarks/import_speed.py                # 100,000 items
    python benchmarks/import_speed.py --items 20000 --formats jsonl,csv,yaml

Run it from the repository root (or with the package installed).
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue.formats import FORMATS, write_items  # noqa: E402
from catalogue.home import Home  # noqa: E402
from catalogue.importer import import_files  # noqa: E402
from catalogue.paths import data_dir  # noqa: E402
from catalogue.vocab import load_vocab, read_bodies  # noqa: E402

SUBJECTS = ["政务公开", "政府信息公开", "食品安全", "安全生产", "环境保护", "招商引资", "农业生产",
            "社会保障", "教育改革", "医疗卫生", "保障性住房", "城乡建设", "森林防火", "行政审批",
            "财政预算", "扶贫开发", "水利建设", "交通运输", "文化旅游", "人才引进"]
TITLES = ["关于做好{y}年{s}工作的通知", "关于印发《{y}年{s}工作要点》的通知", "关于加强{s}的意见",
          "{y}年{s}工作总结", "關於進一步推進{s}工作的實施意見", "{s}专项检查情况的通报",
          "关于{s}有关问题的批复", "{y}年度{s}规划"]
BRACKETS = ["〔{y}〕{n}号", "[{y}]{n}号", "({y}){n}号", "（{y}）{n}号"]
SENTENCES = ["各地、各部门要高度重视，切实加强组织领导。", "认真贯彻落实《中华人民共和国政府信息公开条例》。",
             "进一步完善工作机制，明确责任分工，确保各项任务落到实处。", "及时主动公开群众关注的重点领域信息。",
             "加強監督檢查，對工作不力的單位予以通報批評。", "做好政策解读，回应社会关切，正确引导舆论。",
             "各市（地）、县（市）人民政府要结合实际制定具体实施方案。", "本通知自印发之日起施行。"]


def generate(n, seed=2012):
    """``n`` valid raw items; about half without an index number, to exercise generation."""
    rng = random.Random(seed)
    bodies = read_bodies(data_dir() / "bodies.yaml")
    vocab = load_vocab()
    topics, genres = list(vocab.topic_list), list(vocab.genre_list)
    for i in range(n):
        body = rng.choice(bodies)
        year = rng.randint(2010, 2013)
        subject = rng.choice(SUBJECTS)
        item = {
            "title": rng.choice(TITLES).format(y=year, s=subject) + f"（第{i + 1}件）",
            "issuer": rng.choice([body["name"], body["short"] or body["name"]]),
            "publish_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "topic": rng.choice(topics),
            "genre": rng.choice(genres),
            "keywords": rng.sample(SUBJECTS, 3),
            "summary": "".join(rng.sample(SENTENCES, 2)),
            "body": "\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(5, 30))),
            "validity": rng.choice(["有效", "有效", "有效", "失效", "废止"]),
        }
        if rng.random() < 0.5:
            item["index_no"] = f"BENCH-{year}-{i:07d}"
        if rng.random() < 0.6:
            prefix = (body["short"] or "黑政")[:2] + rng.choice(["办发", "发", "函"])
            item["doc_no"] = prefix + rng.choice(BRACKETS).format(y=year, n=rng.randint(1, 200))
        if rng.random() < 0.2:
            item["attachments"] = [{"name": f"附件{i}.doc", "url": f"http://www.example.gov.cn/f/{i}.doc"}]
        yield item


def _rate(count, seconds):
    return f"{count:,} items in {seconds:.1f} s = {count / seconds:,.0f} items/s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=100_000, help="how many items (default 100,000)")
    parser.add_argument("--formats", default="jsonl",
                        help=f"export formats to time, comma-separated from {','.join(FORMATS)} (default jsonl)")
    parser.add_argument("--seed", type=int, default=2012, help="random seed for the generated items")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]

    with tempfile.TemporaryDirectory(prefix="catalogue-bench-") as tmp:
        tmp = Path(tmp)
        source = tmp / "items.jsonl"
        started = time.perf_counter()
        with open(source, "w", encoding="utf-8") as fh:
            for item in generate(args.items, args.seed):
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"generated: {_rate(args.items, time.perf_counter() - started)} "
              f"({source.stat().st_size / 1e6:.0f} MB of JSON Lines)")

        home = Home(tmp / "home")
        home.init()
        with home.open_store() as store:
            started = time.perf_counter()
            summary = import_files(store, [source], progress=False)
            print(f"import:    {_rate(summary['added'], time.perf_counter() - started)} "
                  f"(one transaction; {store.revision()} revisions in the store)")
            for fmt in formats:
                out = tmp / f"export.{fmt}"
                started = time.perf_counter()
                with open(out, "w", encoding="utf-8", newline="") as fh:
                    write_items(store.iter_items(), fh, fmt)
                print(f"export {fmt + ':':<6}{_rate(store.count(), time.perf_counter() - started)} "
                      f"({out.stat().st_size / 1e6:.0f} MB)")
        print(f"store file: {home.store_path.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
