"""A deterministic synthetic catalogue of N items, shaped like a real one.

Item ``i`` depends only on ``(seed, i)`` (items are made in fixed chunks,
each with its own random stream), so the first 10,000 items of a 1M corpus
are the 10k corpus, and the output does not depend on how many worker
processes made it.

Shape: ~300 issuing bodies (the registry in data/bodies.yaml, extended with
generated county governments, city and county departments), a Zipfian share
of items per body, years 2008-2026 growing ~13 % a year, Zipfian topics,
genres with hand-set weights, titles built from real templates, log-normal
bodies of 200-5,000 characters whose words are drawn from jieba's own
dictionary by frequency (so the term distribution is Zipfian) mixed with
the boilerplate of government documents, a fifth of the items in
Traditional characters and a fifth with doc numbers.

What can go wrong: a jieba install without dict.txt (``FileNotFoundError``);
a data/ folder with malformed YAML (``ConfigError``/``ValidationError`` from
catalogue.vocab).
"""

import argparse
import datetime as _dt
import json
import multiprocessing
import os
import re
import signal
import sys
from collections import deque
from functools import lru_cache
from pathlib import Path

import numpy as np

from catalogue.items import Context
from catalogue.paths import data_dir
from catalogue.vocab import load_vocab, parents_first, read_bodies

VERSION = 1                 # bump when a change alters the items made for a (seed, i)
CHUNK = 500                 # items per random stream / work unit
YEARS = tuple(range(2008, 2027))
YEAR_GROWTH = 1.13          # each year publishes ~13 % more than the one before
LAST_DATE = _dt.date(2026, 11, 20)   # fixed, so the corpus does not change with the clock
BODY_MIN, BODY_MAX = 200, 5000
BODY_MEDIAN, BODY_SIGMA = 550, 0.8   # log-normal body length in characters (mean ~760)
TRADITIONAL_SHARE = 0.2
DOCNO_SHARE = 0.2
BODY_TARGET = 300
EAGER_TRADITIONAL = 20000   # dictionary words converted to Traditional when the vocabulary loads
COMPLETE_TRADITIONAL_FROM = 50000   # corpora this big convert (or load) the whole dictionary first

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")

# --- the body tree -----------------------------------------------------------
# Used when data/bodies.yaml is absent or lacks a city: a province government
# and its prefecture-level governments.
_PROVINCE = "黑龙江省人民政府"
# Real county-level divisions of each prefecture (districts get the city prefix,
# as in data/bodies.yaml: 哈尔滨市道里区人民政府).
_COUNTIES = {
    "哈尔滨市人民政府": "南岗区 香坊区 道外区 平房区 松北区 呼兰区 阿城区 双城区 依兰县 方正县 巴彦县 木兰县 "
                        "通河县 延寿县 尚志市",
    "齐齐哈尔市人民政府": "龙沙区 建华区 铁锋区 昂昂溪区 富拉尔基区 碾子山区 龙江县 依安县 泰来县 甘南县 富裕县 "
                          "克山县 克东县 拜泉县",
    "牡丹江市人民政府": "东安区 阳明区 爱民区 西安区 林口县 海林市 穆棱市 东宁市",
    "佳木斯市人民政府": "向阳区 前进区 东风区 桦川县 汤原县 同江市 富锦市 抚远市",
    "大庆市人民政府": "萨尔图区 龙凤区 让胡路区 红岗区 大同区 肇州县 林甸县",
    "鸡西市人民政府": "鸡冠区 恒山区 滴道区 梨树区 城子河区 麻山区 鸡东县 虎林市 密山市",
    "双鸭山市人民政府": "尖山区 岭东区 四方台区 宝山区 集贤县 友谊县 宝清县 饶河县",
    "伊春市人民政府": "伊美区 乌翠区 友好区 金林区 嘉荫县 汤旺县 丰林县 大箐山县 南岔县 铁力市",
    "七台河市人民政府": "新兴区 桃山区 茄子河区 勃利县",
    "鹤岗市人民政府": "工农区 南山区 兴安区 东山区 兴山区 萝北县 绥滨县",
    "黑河市人民政府": "爱辉区 逊克县 孙吴县 嫩江市 五大连池市",
    "绥化市人民政府": "北林区 望奎县 兰西县 青冈县 庆安县 明水县 绥棱县 安达市 海伦市",
    "大兴安岭地区行政公署": "加格达奇区 呼玛县 塔河县",
}
_CITY_DEPARTMENTS = ("发展和改革委员会 教育局 公安局 民政局 财政局 人力资源和社会保障局 自然资源局 "
                     "住房和城乡建设局").split()
_COUNTY_DEPARTMENTS = "教育局 财政局 民政局 卫生健康局".split()


def _place(gov_name):
    """``哈尔滨市人民政府`` -> ``哈尔滨市``; ``大兴安岭地区行政公署`` -> ``大兴安岭地区``."""
    for suffix in ("人民政府", "行政公署"):
        if gov_name.endswith(suffix):
            return gov_name[: -len(suffix)]
    return gov_name


def _shipped_bodies(folder):
    path = Path(folder) / "bodies.yaml"
    return read_bodies(path) if path.exists() else []


@lru_cache(maxsize=4)
def build_bodies(folder=None, target=BODY_TARGET):
    """The registry of the corpus: shipped bodies first, then generated ones, parents first.

    Each body is ``{"name","short","code","parent","level"}``; shorts are
    unique across the list. Generation stops at ``target`` bodies.
    """
    bodies = [dict(b) for b in _shipped_bodies(folder or data_dir())]
    names = {b["name"] for b in bodies}
    shorts = {b["short"] for b in bodies if b["short"]}

    def add(name, short, parent, level):
        if name in names or len(bodies) >= target:
            return
        if short in shorts:
            short = _place(parent).replace("人民政府", "") + short
        names.add(name)
        shorts.add(short)
        bodies.append({"name": name, "short": short, "code": None, "parent": parent, "level": level})

    add(_PROVINCE, "省政府", None, "省")
    for city in _COUNTIES:
        add(city, _place(city) + "政府", _PROVINCE, "市")
    # Interleave the kinds so a smaller target still gets a whole tree.
    for city, counties in _COUNTIES.items():
        city_place = _place(city)
        for county in counties.split():
            full = (city_place + county if county.endswith("区") else county) + "人民政府"
            add(full, county + "政府", city, "县")
    for dept in _CITY_DEPARTMENTS:
        for city in _COUNTIES:
            place = _place(city)
            add(place + dept, place.rstrip("市") + dept.replace("委员会", "委"), city, "市")
    counties = [b for b in bodies if b["level"] == "县"]
    for dept in _COUNTY_DEPARTMENTS:
        for county in counties:
            place = _place(county["name"])
            add(place + dept, county["short"].replace("政府", "") + dept, county["name"], "县")
    return tuple(parents_first(bodies))


def validation_context(bodies, folder=None):
    """A ``catalogue.items.Context`` that resolves issuers through ``bodies``."""
    lookup = {}
    for body in bodies:
        for key in ("code", "short", "name"):
            if body.get(key):
                lookup[body[key]] = body["name"]
    vocab = load_vocab(folder)
    return Context(lookup.get, vocab.topics, vocab.genres)


# --- vocabularies --------------------------------------------------------------
_GENRE_WEIGHTS = {
    "通知": 30, "工作动态": 16, "公告": 5, "通告": 4, "意见": 6, "决定": 3, "通报": 2, "报告": 2,
    "批复": 4, "函": 5, "纪要": 1, "规章": 0.8, "规范性文件": 4, "规划": 1.2, "计划": 2,
    "工作要点": 1.5, "方案": 4, "办法": 3, "规定": 1.2, "细则": 0.8, "总结": 1.5, "年度报告": 1,
    "办事指南": 3, "目录": 0.5, "统计数据": 2, "其他": 3,
}
_VERBS = ("加强 做好 进一步做好 进一步加强 规范 推进 深化 落实 开展 调整 实施 完善 建立健全 组织开展 "
          "切实做好 全面推进 加快推进 促进 支持 公布").split()
_OBJECT_SUFFIX = ("工作 管理 管理工作 专项整治 试点工作 有关事项 有关问题 体系建设 改革 服务 监督检查 "
                  "安全生产 考核 统计调查 信息公开").split()
_DOC_KINDS = "管理办法 实施方案 实施意见 工作方案 暂行办法 实施细则 工作要点 发展规划 考核办法 应急预案".split()
_ACHIEVE = "取得明显成效 稳步推进 顺利完成 扎实开展 全面启动 成效显著".split()
_MEETINGS = "召开 组织召开 举行".split()
_BOILERPLATE = (
    "为深入贯彻落实党中央、国务院决策部署", "经研究决定", "现将有关事项通知如下", "请结合实际认真贯彻执行",
    "各地各部门要高度重视", "切实加强组织领导", "确保各项工作落到实处", "特此通知", "此复",
    "根据《中华人民共和国政府信息公开条例》", "按照省委、省政府统一部署", "进一步提高依法行政水平",
    "坚持以人民为中心的发展思想", "认真履行职责", "及时报送有关情况", "加强监督检查",
    "对工作中发现的问题要及时整改", "本办法自发布之日起施行", "本通知自印发之日起施行",
    "各市（地）、县（市、区）人民政府，省政府各直属单位", "执行中遇到的问题请及时反馈",
    "建立健全长效机制", "推动高质量发展", "优化营商环境", "保障人民群众合法权益", "严格落实主体责任",
    "加大宣传力度", "营造良好社会氛围", "统筹推进", "联系人及电话", "附件",
)
_SECTION_NUMERALS = "一二三四五六七八九十"


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclosure-catalogue-bench"


def _dict_path():
    import jieba   # the installed package ships the dictionary the corpus draws from
    return Path(jieba.__file__).resolve().parent / "dict.txt"


class _Sampler:
    """Draws indices with given weights: a bucket table for the head, binary search for the tail.

    ``np.searchsorted`` over 350,000 cumulative weights costs ~0.3 µs a draw
    (cache misses); most draws land in buckets that hold one word, so a
    table lookup settles them and only the rest are searched.
    """

    BUCKETS = 1 << 20

    def __init__(self, weights):
        self.cum = np.cumsum(weights / weights.sum())
        self.cum[-1] = 1.0
        edges = np.arange(self.BUCKETS + 1) / self.BUCKETS
        at = np.minimum(np.searchsorted(self.cum, edges, side="right"), len(self.cum) - 1)
        self.table = at[:-1].astype(np.int32)
        self.exact = at[:-1] == at[1:]      # the whole bucket maps to one index

    def __call__(self, rng, n):
        u = rng.random(n)
        b = (u * self.BUCKETS).astype(np.int64)
        idx = self.table[b]
        fuzzy = ~self.exact[b]
        if fuzzy.any():
            idx[fuzzy] = np.minimum(np.searchsorted(self.cum, u[fuzzy], side="right"), len(self.cum) - 1)
        return idx


class _Vocab:
    """jieba's dictionary as numpy arrays, with Traditional forms converted on first use."""

    def __init__(self):
        words, freqs, tags = [], [], []
        with open(_dict_path(), encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3 and _CJK.match(parts[0]):
                    words.append(parts[0])
                    freqs.append(int(parts[1]))
                    tags.append(parts[2])
        self.words = np.array(words, dtype=object)
        freqs = np.array(freqs, dtype=np.float64)
        self.sample = _Sampler(freqs)
        nounish = np.array([t in ("n", "vn", "nz") and len(w) >= 2 for w, t in zip(words, tags)])
        self.nouns = self.words[nounish]
        self.sample_noun = _Sampler(freqs[nounish])
        self.trad_words = np.empty(len(words), dtype=object)
        self.has_trad = np.zeros(len(words), dtype=bool)
        self._trad = {}
        self._cc = None
        # Words are in dictionary order; convert the most frequent up front
        # (83 % of draws, ~0.5 s), the tail as items first draw it.
        self._convert_words(np.argsort(-freqs)[:EAGER_TRADITIONAL])

    def _convert_words(self, idx):
        converted = self.converter().convert("\n".join(self.words[idx].tolist())).split("\n")
        self.trad_words[idx] = converted
        self.has_trad[idx] = True

    def draw_chunk(self, rng, counts, traditional):
        """Words for several items at once (one numpy call); ``traditional[k]`` converts item k's."""
        idx = self.sample(rng, int(counts.sum()))
        per_word = np.repeat(traditional, counts)
        if per_word.any():
            wanted = idx[per_word]
            missing = wanted[~self.has_trad[wanted]]
            if len(missing):
                self._convert_words(np.unique(missing))
            words = np.where(per_word, self.trad_words[idx], self.words[idx])
        else:
            words = self.words[idx]
        words = words.tolist()
        ends = np.cumsum(counts).tolist()
        return [words[e - c:e] for e, c in zip(ends, counts.tolist())]

    def complete_traditional(self):
        """Convert the whole dictionary now (a big corpus draws most of it), cached on disk.

        Costs ~7 s the first time on a machine; the cache is keyed by the
        dictionary's size and modification time.
        """
        if self.has_trad.all():
            return
        path = _dict_path()
        stat = path.stat()
        cache = _cache_dir() / f"s2t-{stat.st_size}-{int(stat.st_mtime)}.txt"
        if cache.exists():
            converted = cache.read_text(encoding="utf-8").split("\n")
            if len(converted) == len(self.words):
                self.trad_words[:] = converted
                self.has_trad[:] = True
                return
        self._convert_words(np.arange(len(self.words)))
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(self.trad_words.tolist()), encoding="utf-8")
        os.replace(tmp, cache)

    def draw_nouns(self, rng, n):
        return self.nouns[self.sample_noun(rng, n)].tolist()

    def converter(self):
        if self._cc is None:
            import opencc
            self._cc = opencc.OpenCC("s2t")
        return self._cc

    def traditional(self, text):
        """``text`` in Traditional characters, each distinct text converted once per process."""
        out = self._trad.get(text)
        if out is None:
            out = self._trad[text] = self.converter().convert(text)
        return out


_VOCAB = None


def _vocab():
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = _Vocab()
    return _VOCAB


# --- the plan shared by all chunks ---------------------------------------------
def _zipf(n, s=1.0):
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


class _Plan:
    """Everything that does not vary per item: registry, weights, vocabularies."""

    def __init__(self, seed, folder):
        self.seed = seed
        self.bodies = build_bodies(str(folder) if folder else None)
        vocab = load_vocab(folder)
        rng = np.random.default_rng([seed, 0xB0D1E5])
        # Skewed share per body: Zipf over a seeded shuffle, boosted for the
        # province and city governments that publish the most.
        order = rng.permutation(len(self.bodies))
        weights = np.empty(len(self.bodies))
        weights[order] = _zipf(len(self.bodies), 0.9)
        boost = {"省": 2.0, "市": 1.5, "县": 1.0, "乡": 0.5}
        weights *= np.array([boost[b["level"]] for b in self.bodies])
        self.body_p = weights / weights.sum()
        self.doc_prefix = [self._doc_prefix(b) for b in self.bodies]
        years = np.array(YEARS)
        yw = YEAR_GROWTH ** (years - years[0])
        self.year_p = yw / yw.sum()
        self.topics = list(vocab.topic_list)
        self.topic_p = _zipf(len(self.topics), 1.1)[np.argsort(rng.permutation(len(self.topics)))]
        self.genres = list(vocab.genre_list)
        gw = np.array([_GENRE_WEIGHTS.get(g, 0.3) for g in self.genres])
        self.genre_p = gw / gw.sum()

    @staticmethod
    def _doc_prefix(body):
        # 黑政办发 for the provincial office, 哈教发 for a city bureau: the first
        # character of the place, of the body, then 发.
        name = body["name"]
        match = _PLACE.match(name)
        place = match.group(1) if match else ""
        core = name[len(place):]
        head = "黑" if place == "黑龙江省" else place[:1]
        if core.startswith("人民政府办公厅"):
            return head + "政办发"
        if not core or core.startswith(("人民政府", "行政公署")):
            return head + "政发"
        return head + core[:1] + "发"


_PLACE = re.compile(r"^(黑龙江省|.+?(?:地区|市|县|区))")


@lru_cache(maxsize=4)
def _plan(seed, folder):
    return _Plan(seed, folder)


# --- one chunk of items ----------------------------------------------------------
def _subject(rng, vocab):
    nouns = vocab.draw_nouns(rng, int(rng.integers(1, 3)))
    return (_VERBS[rng.integers(len(_VERBS))] + "".join(nouns)
            + _OBJECT_SUFFIX[rng.integers(len(_OBJECT_SUFFIX))]), nouns


def _title(rng, vocab, body, genre, year, date):
    subject, nouns = _subject(rng, vocab)
    issuer = body["name"] if rng.random() < 0.6 else body["short"]
    place = _place(body["name"]) if body["level"] != "省" else "全省"
    roll = rng.random()
    if genre == "工作动态":
        if roll < 0.5:
            title = f"{place}{''.join(nouns)}工作{_ACHIEVE[rng.integers(len(_ACHIEVE))]}"
        else:
            title = f"{body['short']}{_MEETINGS[rng.integers(len(_MEETINGS))]}{''.join(nouns)}工作会议"
    elif genre == "年度报告":
        title = f"{body['name']}{year - 1}年政府信息公开工作年度报告"
    elif genre == "统计数据":
        title = f"{year}年{date.month}月{place}{''.join(nouns)}统计数据"
    elif genre == "办事指南":
        title = f"{''.join(nouns)}办理指南"
    elif genre in ("方案", "办法", "规划", "计划", "工作要点", "细则", "规定", "规范性文件") or roll < 0.25:
        kind = _DOC_KINDS[rng.integers(len(_DOC_KINDS))]
        title = f"{issuer}关于印发《{place}{subject}{kind}》的通知"
    else:
        title = f"{issuer}关于{subject}的{genre if genre != '其他' else '通知'}"
    return title, subject, nouns


def _body_text(rng, vocab, words, length, subject, issuer, date, traditional):
    """About ``length`` characters: salutation, sections of Zipfian words and boilerplate, closing.

    In Traditional the words and fixed phrases are converted one by one
    (cached), so pure-Python OpenCC costs per vocabulary, not per corpus.
    """
    conv = vocab.traditional if traditional else str
    n_words = len(words)
    n_sent = n_words // 6 + 2
    sent_len = rng.integers(6, 22, size=n_sent).tolist()
    rolls = rng.random((n_sent, 3)).tolist()
    boiler = rng.integers(len(_BOILERPLATE), size=n_sent).tolist()
    head = f"为{subject}，{_BOILERPLATE[boiler[0]]}，{_BOILERPLATE[2]}：\n"
    parts = [conv(head)]
    size = len(head)
    pos, section = 0, 0
    for n, (r_sec, r_boil, r_end), bp in zip(sent_len, rolls, boiler):
        if pos >= n_words or size >= length:
            break
        if r_sec < 0.08 and section < len(_SECTION_NUMERALS):
            parts.append(f"\n{_SECTION_NUMERALS[section]}、")
            section += 1
            size += 3
        sentence = "".join(words[pos:pos + n])
        pos += n
        if r_boil < 0.35:
            parts.append(conv(_BOILERPLATE[bp]))
            parts.append("，")
            size += len(_BOILERPLATE[bp]) + 1
        parts.append(sentence)
        parts.append("。" if r_end < 0.6 else "，")
        size += len(sentence) + 1
    closing = f"。\n{conv(issuer)}\n{date.year}年{date.month}月{date.day}日"
    # The loop ran until ``length`` was reached, so the cut text plus the
    # closing is exactly ``length`` characters (give or take a stripped comma).
    return "".join(parts)[: length - len(closing)].rstrip("，、\n") + closing


def _make_chunk(seed, chunk, start, stop, folder):
    """Items ``start``..``stop - 1`` (all inside ``chunk``) from the chunk's own random stream."""
    plan = _plan(seed, folder)
    vocab = _vocab()
    rng = np.random.default_rng([seed, chunk])
    first = chunk * CHUNK
    size = CHUNK
    body_idx = rng.choice(len(plan.bodies), size=size, p=plan.body_p)
    years = rng.choice(YEARS, size=size, p=plan.year_p)
    topics = rng.choice(len(plan.topics), size=size, p=plan.topic_p)
    genres = rng.choice(len(plan.genres), size=size, p=plan.genre_p)
    lengths = np.clip(rng.lognormal(np.log(BODY_MEDIAN), BODY_SIGMA, size=size),
                      BODY_MIN + 2, BODY_MAX).astype(int)   # +2: a trailing comma may be stripped
    days = rng.random(size)
    trad = rng.random(size) < TRADITIONAL_SHARE
    word_lists = vocab.draw_chunk(rng, (lengths / 1.6).astype(np.int64) + 20, trad)
    with_doc = rng.random(size) < DOCNO_SHARE
    extras = rng.random((size, 6))
    out = []
    for k in range(size):
        # Every item consumes the same draws whether or not it is kept, so a
        # slice of a chunk equals the same slice of a whole run.
        i = first + k
        body = plan.bodies[body_idx[k]]
        year = int(years[k])
        start_day = _dt.date(year, 1, 1)
        end_day = min(_dt.date(year, 12, 31), LAST_DATE)
        date = start_day + _dt.timedelta(days=int(days[k] * ((end_day - start_day).days + 1)))
        genre = plan.genres[genres[k]]
        title, subject, nouns = _title(rng, vocab, body, genre, year, date)
        text = _body_text(rng, vocab, word_lists[k], int(lengths[k]), subject, body["name"], date, trad[k])
        doc_no = None
        if with_doc[k]:
            doc_no = f"{plan.doc_prefix[body_idx[k]]}〔{year}〕{int(extras[k, 0] * 300) + 1}号"
        written = date - _dt.timedelta(days=int(extras[k, 1] * 15)) if extras[k, 2] < 0.7 else None
        summary = text.split("。", 1)[0][:120].strip() if extras[k, 3] < 0.3 else None
        keywords = list(dict.fromkeys(nouns))[:3] if extras[k, 4] < 0.5 else []
        if trad[k]:
            title = vocab.traditional(title)
            keywords = [vocab.traditional(w) for w in keywords]
        if not (start <= i < stop):
            continue
        age = 2026 - year
        validity = "有效"
        if extras[k, 5] < 0.02 * age:
            validity = ("失效", "废止", "已修订")[int(extras[k, 5] * 1000) % 3]
        item = {
            "index_no": f"{body['short']}/{year}-{i + 1:07d}",
            "title": title,
            "issuer": body["name"],
            "doc_no": doc_no,
            "written_date": written.isoformat() if written else None,
            "publish_date": date.isoformat(),
            "topic": plan.topics[topics[k]],
            "genre": genre,
            "keywords": keywords,
            "summary": summary,
            "body": text,
            "disclosure": "依申请公开" if extras[k, 0] > 0.97 else "主动公开",
            "closed_reason": None,
            "validity": validity,
            "url": f"https://www.hlj.gov.cn/xxgk/{year}/{i + 1}.html" if extras[k, 1] < 0.6 else None,
            "attachments": ([{"name": f"附件{i + 1}.pdf", "url": f"https://www.hlj.gov.cn/files/{i + 1}.pdf"}]
                            if extras[k, 2] > 0.9 else []),
        }
        out.append(item)
    return out


# --- the public iterator -------------------------------------------------------
def _chunks(n):
    for chunk in range((n + CHUNK - 1) // CHUNK):
        yield chunk, chunk * CHUNK, min(n, (chunk + 1) * CHUNK)


def generate_range(start, stop, seed=0, folder=None):
    """Items ``start``..``stop - 1`` of the corpus, making only the chunks that hold them."""
    folder = str(folder) if folder else None
    _warm(seed, folder)
    for chunk in range(start // CHUNK, (stop + CHUNK - 1) // CHUNK):
        yield from _make_chunk(seed, chunk, max(start, chunk * CHUNK), min(stop, (chunk + 1) * CHUNK), folder)


def _warm(seed, folder, complete=False):
    _plan(seed, folder)
    vocab = _vocab()
    if complete:
        vocab.complete_traditional()


def generate(n, seed=0, procs=1, folder=None):
    """Yield ``n`` item dicts (catalogue.items FIELDS), item ``i`` fixed by ``(seed, i)``.

    With ``procs > 1`` chunks are made by worker processes; at most
    ``2 * procs`` chunks are in flight, so memory stays bounded however
    slowly the caller consumes.
    """
    folder = str(folder) if folder else None
    _warm(seed, folder, n >= COMPLETE_TRADITIONAL_FROM)   # forked workers inherit the dictionary
    if procs <= 1 or n <= CHUNK:
        for chunk, start, stop in _chunks(n):
            yield from _make_chunk(seed, chunk, start, stop, folder)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs, initializer=_default_sigterm) as pool:
        pending = deque()
        for chunk, start, stop in _chunks(n):
            pending.append(pool.apply_async(_make_chunk, (seed, chunk, start, stop, folder)))
            if len(pending) >= 2 * procs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        # Let the workers finish on their own; leaving the block would terminate() them, and a
        # 1M-item run once hung there for good with a worker blocked on the task queue's lock.
        pool.close()
        pool.join()


def _default_sigterm():
    """Pool workers die on SIGTERM, whatever handler the parent installed before forking.

    ``benchmarks.run`` turns SIGTERM into ``SystemExit``; a forked worker
    inherits that handler and would run it inside the pool's own locking.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def write_jsonl(items, path):
    """Write ``items`` one JSON object a line (UTF-8); returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False))
            fh.write("\n")
            count += 1
    return count


def write_shards(items, folder, per_file=10000):
    """Write ``items`` as ``items-00000.jsonl``, ``items-00001.jsonl`` … of ``per_file`` items each.

    Shards keep a whole-file import (one transaction per file) bounded in
    memory at any corpus size. Returns the list of paths written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, fh, count = [], None, 0
    try:
        for item in items:
            if count % per_file == 0:
                if fh:
                    fh.close()
                paths.append(folder / f"items-{count // per_file:05d}.jsonl")
                fh = open(paths[-1], "w", encoding="utf-8")
            fh.write(json.dumps(item, ensure_ascii=False))
            fh.write("\n")
            count += 1
    finally:
        if fh:
            fh.close()
    return paths


def read_jsonl(path):
    """Yield the items of a JSONL file written by ``write_jsonl``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default="-", help="JSONL file (default: standard output)")
    args = parser.parse_args(argv)
    items = generate(args.items, args.seed, args.procs)
    if args.out == "-":
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        write_jsonl(items, args.out)


if __name__ == "__main__":
    main()
