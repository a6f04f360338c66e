"""Recall of verbatim title fragments: jieba word phrases alone vs. OR-ed with the title bigram field.

Generates title-like strings deterministically (``random.Random(seed)``) from
the body registry (data/bodies.yaml), jieba's own dictionary and government
phrases, indexes them in a temporary Whoosh index with a word field
(``chinese_analyzer``) and a bigram field (``bigram_analyzer``), draws random
runs of 2-10 Han characters from the titles and asks whether the title they
came from is found. Also prints tokenizer throughput.

    /tmp/venv/bin/python benchmarks/fragment_recall.py [--titles 10000] [--queries 2000] [--seed 7]

What can go wrong: a data/ folder without userdict.txt/stopwords.txt
(``ConfigError``); a jieba install without dict.txt (``FileNotFoundError``).
"""

import argparse
import importlib.util
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import opencc  # noqa: E402
import yaml  # noqa: E402
from whoosh import fields, index, query  # noqa: E402

from index import analysis, segmenter  # noqa: E402
from index.fold import fold  # noqa: E402

GENRES = ("通知", "意见", "批复", "公告", "通告", "决定", "通报", "报告", "请示", "函", "纪要")
DOC_KINDS = ("实施方案", "管理办法", "实施细则", "工作要点", "考核办法", "暂行规定", "工作方案",
             "指导意见", "行动计划", "专项整治方案", "应急预案", "规划纲要")
VERBS = ("加强", "进一步做好", "推进", "开展", "规范", "做好", "深化", "完善", "调整", "建立健全",
         "落实", "公布", "下达", "转发", "实施", "表彰")
GOV_PHRASES = (
    "政府信息公开", "政务公开", "依申请公开", "安全生产", "专项整治", "营商环境", "脱贫攻坚",
    "乡村振兴", "疫情防控", "河长制", "农村人居环境整治", "城乡居民基本医疗保险", "最低生活保障",
    "棚户区改造", "行政许可事项", "权责清单", "三公经费", "部门预算", "部门决算", "食品安全",
    "义务教育", "安全生产责任制", "森林防火", "防汛抗旱", "秸秆禁烧", "大气污染防治",
    "重点项目建设", "财政专项资金", "农民工工资", "城镇保障性安居工程", "行政执法公示",
    "双随机一公开", "放管服改革", "突发事件应对", "社会救助", "住房公积金", "政务服务事项",
)
PLACES = ("全省", "全市", "哈尔滨市", "齐齐哈尔市", "牡丹江市", "佳木斯市", "大庆市", "鸡西市",
          "双鸭山市", "伊春市", "七台河市", "鹤岗市", "黑河市", "绥化市", "大兴安岭地区", "各县(市、区)")
REPORTS = ("工作总结", "政府信息公开工作年度报告", "工作计划", "预算公开说明", "决算公开说明")
HAN_RUN = re.compile("[\u4e00-\u9fff]{2,}")


def jieba_vocabulary(min_freq=200):
    """Han words of 2-4 characters from jieba's own dict.txt, frequent enough to look real."""
    words = []
    # Found without importing jieba: only index/ imports it.
    package = Path(importlib.util.find_spec("jieba").origin).parent
    with open(package / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()
            if (2 <= len(word) <= 4 and int(freq) >= min_freq and tag[0] in "nvaj"
                    and re.fullmatch("[\u4e00-\u9fff]+", word)):
                words.append(word)
    return words


def body_names(data_dir):
    with open(data_dir / "bodies.yaml", encoding="utf-8") as f:
        return [entry["name"] for entry in yaml.safe_load(f)]


class TitleMaker:
    """Titles shaped like real ones, from one seeded random stream."""

    def __init__(self, rng, bodies, vocabulary):
        self.rng = rng
        self.bodies = bodies
        self.vocabulary = vocabulary
        self.s2t = opencc.OpenCC("s2t")

    def subject(self):
        rng = self.rng
        parts = [rng.choice(VERBS)] if rng.random() < 0.7 else []
        for _ in range(rng.randint(1, 3)):
            parts.append(rng.choice(GOV_PHRASES) if rng.random() < 0.4 else rng.choice(self.vocabulary))
        return "".join(parts)

    def title(self, traditional=False):
        rng = self.rng
        body, subject = rng.choice(self.bodies), self.subject()
        year = rng.randint(2008, 2026)
        shape = rng.random()
        if shape < 0.35:
            title = f"{body}关于{subject}的{rng.choice(GENRES)}"
        elif shape < 0.6:
            title = f"关于印发《{rng.choice(PLACES)}{subject}{rng.choice(DOC_KINDS)}》的通知"
        elif shape < 0.75:
            title = f"{body}关于{subject}工作的{rng.choice(GENRES)}"
        elif shape < 0.85:
            title = f"{body}{year}年{rng.choice(REPORTS)}"
        elif shape < 0.95:
            title = f"关于{rng.choice(PLACES)}{subject}的批复"
        else:
            title = f"{body}{year}年度{rng.choice(('部门预算', '部门决算', '三公经费支出情况'))}"
        return self.s2t.convert(title) if traditional else title


def fragment(rng, title):
    """A random verbatim run of 2-10 Han characters of ``title``."""
    run = rng.choice(HAN_RUN.findall(title))
    size = rng.randint(2, min(10, len(run)))
    start = rng.randint(0, len(run) - size)
    return run[start:start + size]


def terms_query(field, terms):
    if not terms:
        return None
    return query.Term(field, terms[0]) if len(terms) == 1 else query.Phrase(field, terms)


def build_index(folder, titles):
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analysis.chinese_analyzer("search"), phrase=True),
        title_bigrams=fields.TEXT(analyzer=analysis.bigram_analyzer(), phrase=True))
    ix = index.create_in(folder, schema)
    with ix.writer(limitmb=256) as writer:
        for i, title in enumerate(titles):
            writer.add_document(id=str(i), title=title, title_bigrams=title)
    return ix


def measure_recall(ix, titles, fragments):
    """Per fragment: found by word phrase, found by word OR bigram phrase; plus hit counts."""
    words_analyzer = ix.schema["title"].analyzer
    bigrams_analyzer = ix.schema["title_bigrams"].analyzer
    folded_titles = [fold(t) for t in titles]
    rows = []
    with ix.searcher() as searcher:
        title_of = {docnum: folded_titles[int(stored["id"])]
                    for docnum, stored in searcher.reader().iter_docs()}
        for source, frag in fragments:
            target = searcher.document_number(id=str(source))
            words = terms_query("title", [t.text for t in words_analyzer(frag, mode="query")])
            bigrams = terms_query("title_bigrams", [t.text for t in bigrams_analyzer(frag, mode="query")])
            word_hits = set(searcher.docs_for_query(words)) if words else set()
            both_hits = set(searcher.docs_for_query(query.Or([q for q in (words, bigrams) if q])))
            needle = fold(frag)
            verbatim = sum(1 for d in both_hits if needle in title_of[d])
            rows.append((len(frag), target in word_hits, target in both_hits,
                         len(word_hits), len(both_hits), verbatim))
    return rows


def throughput(analyzer, texts, mode="index"):
    chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    for text in texts:
        for _ in analyzer(text, positions=True, chars=True, mode=mode):
            pass
    return chars / (time.perf_counter() - started)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=segmenter.DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    bodies = body_names(args.data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        segmenter.configure(args.data_dir, tmp, extra_words=bodies)
        print(f"configure (user dictionary + {len(bodies)} body names, cold cache): "
              f"{time.perf_counter() - started:.2f} s")
        maker = TitleMaker(rng, bodies, jieba_vocabulary())
        # A tenth is published in Traditional characters, as some portals do.
        titles = [maker.title(traditional=rng.random() < 0.1) for _ in range(args.titles)]
        print(f"{len(titles)} titles, {sum(map(len, titles)) / len(titles):.1f} characters on average, "
              f"e.g. {titles[0]} / {titles[1]}")

        index_dir = Path(tmp) / "index"
        index_dir.mkdir()
        started = time.perf_counter()
        ix = build_index(index_dir, titles)
        print(f"indexed in {time.perf_counter() - started:.1f} s")

        sources = [rng.randrange(len(titles)) for _ in range(args.queries)]
        fragments = [(i, fragment(rng, titles[i])) for i in sources]
        started = time.perf_counter()
        rows = measure_recall(ix, titles, fragments)
        elapsed = time.perf_counter() - started
        ix.close()

    asked = len(rows)
    words_found = sum(r[1] for r in rows)
    both_found = sum(r[2] for r in rows)
    print(f"\n{asked} fragments of 2-10 Han characters, {elapsed:.1f} s "
          f"({asked / elapsed:.0f} fragment lookups/s)")
    print(f"recall, jieba word phrase only : {words_found / asked:7.2%} ({words_found}/{asked})")
    print(f"recall, word OR bigram phrase  : {both_found / asked:7.2%} ({both_found}/{asked})")
    hits = sum(r[4] for r in rows)
    print(f"hits holding the fragment verbatim (word OR bigram): {sum(r[5] for r in rows) / hits:.2%}")
    print("\nlength  asked  words-only  with-bigrams")
    by_length = Counter(r[0] for r in rows)
    for size in sorted(by_length):
        subset = [r for r in rows if r[0] == size]
        print(f"{size:6d} {len(subset):6d} {sum(r[1] for r in subset) / len(subset):10.2%} "
              f"{sum(r[2] for r in subset) / len(subset):12.2%}")

    words = analysis.chinese_analyzer("search")
    # Body-like texts of ~1,000 characters, each wholly Simplified or wholly Traditional.
    simplified = [t for t in titles if fold(t) == t]
    texts = ["，".join(simplified[i:i + 40]) + "。" for i in range(0, len(simplified), 40)]
    traditional = [maker.s2t.convert(t) for t in texts[:len(texts) // 5]]
    print("\ntokenizer throughput (positions + chars, one pass):")
    for label, analyzer, sample in (
            ("chinese_analyzer(mode=search), titles (10% Traditional)", words, titles),
            ("chinese_analyzer(mode=search), ~1,000-char Simplified texts", words, texts),
            ("chinese_analyzer(mode=search), ~1,000-char Traditional texts", words, traditional),
            ("bigram_analyzer, titles", analysis.bigram_analyzer(), titles)):
        print(f"  {label:62s} {throughput(analyzer, sample):10,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
