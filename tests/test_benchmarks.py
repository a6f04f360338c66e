"""The benchmark's corpus generator and query mix: deterministic, valid, shaped as promised."""

import collections
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import opencc
import pytest

from benchmarks import corpus, http_load
from benchmarks.measure import percentile
from benchmarks.queries import KINDS, make_queries, read_queries, write_queries
from catalogue import docno
from catalogue.items import normalize

SAMPLE = 1000


@pytest.fixture(scope="module")
def items():
    return list(corpus.generate(SAMPLE, seed=3))


@pytest.fixture(scope="module")
def bodies():
    return corpus.build_bodies()


@pytest.fixture(scope="module")
def queries(items):
    return make_queries(items[:150], per_kind=4, seed=5)


def test_same_seed_makes_the_same_items(items):
    assert list(corpus.generate(200, seed=3)) == items[:200]


def test_a_range_of_the_corpus_equals_the_same_slice_of_the_whole(items):
    assert list(corpus.generate_range(480, 620, seed=3)) == items[480:620]


def test_worker_processes_make_the_same_items_as_one_process(items):
    # Two chunks, one per worker.
    assert list(corpus.generate(2 * corpus.CHUNK, seed=3, procs=2)) == items[: 2 * corpus.CHUNK]


def test_another_seed_makes_other_items(items):
    assert list(corpus.generate(50, seed=4)) != items[:50]


def test_generated_items_are_valid_against_the_generated_registry(items, bodies):
    context = corpus.validation_context(bodies)
    for item in items:
        normalized, problems = normalize(item, context)
        assert (problems, normalized) == ([], item)


def test_registry_has_about_three_hundred_bodies_in_one_tree(bodies):
    names = {b["name"] for b in bodies}
    assert 280 <= len(bodies) <= 320
    assert [b["name"] for b in bodies if not b["parent"]] == ["黑龙江省人民政府"]
    assert all(b["parent"] in names for b in bodies if b["parent"])
    assert {b["level"] for b in bodies} >= {"省", "市", "县"}


def test_registry_short_names_are_unique(bodies):
    shorts = [b["short"] for b in bodies]
    assert len(set(shorts)) == len(shorts)


def test_registry_keeps_the_shipped_bodies_first(bodies):
    assert bodies[0]["name"] == "黑龙江省人民政府"
    assert "宁安市渤海镇人民政府" in {b["name"] for b in bodies}


def test_about_a_fifth_of_the_items_are_in_traditional_characters(items):
    t2s = opencc.OpenCC("t2s")
    share = sum(t2s.convert(item["title"]) != item["title"] for item in items) / len(items)
    assert 0.15 <= share <= 0.25


def test_about_a_fifth_of_the_items_have_canonical_doc_numbers(items):
    doc_nos = [item["doc_no"] for item in items if item["doc_no"]]
    assert 0.15 <= len(doc_nos) / len(items) <= 0.25
    assert all(docno.canonical(d) == d for d in doc_nos)


def test_bodies_are_between_200_and_5000_characters(items):
    lengths = [len(item["body"]) for item in items]
    assert min(lengths) >= 200 and max(lengths) <= 5000


def test_recent_years_publish_more_than_early_ones(items):
    years = collections.Counter(int(item["publish_date"][:4]) for item in items)
    assert sum(years[y] for y in range(2022, 2027)) > 2 * sum(years[y] for y in range(2008, 2013))


def test_a_few_bodies_publish_most_items(items):
    per_body = collections.Counter(item["issuer"] for item in items).most_common()
    top_tenth = sum(n for _, n in per_body[: len(per_body) // 10])
    assert top_tenth > 0.3 * len(items)


def test_jsonl_shards_read_back_as_the_same_items(items, tmp_path):
    paths = corpus.write_shards(items[:25], tmp_path, per_file=10)
    assert [p.name for p in paths] == ["items-00000.jsonl", "items-00001.jsonl", "items-00002.jsonl"]
    assert [i for p in paths for i in corpus.read_jsonl(p)] == items[:25]


def test_query_mix_covers_every_kind(queries):
    assert collections.Counter(q.kind for q in queries) == {kind: 4 for kind in KINDS}


def test_browse_queries_have_filters_and_no_words(queries):
    browse = [q for q in queries if q.kind == "browse"]
    assert all(q.query == "" and q.filters for q in browse)


def test_filtered_queries_name_an_issuer_or_a_year(queries):
    filtered = [q for q in queries if q.kind == "filtered"]
    assert all(q.query and set(q.filters) & {"issuer", "year"} for q in filtered)


def test_query_mix_is_deterministic(items, queries):
    assert make_queries(items[:150], per_kind=4, seed=5) == queries


def test_queries_keep_year_ranges_through_json(tmp_path, queries):
    path = tmp_path / "queries.json"
    write_queries(queries, path)
    assert read_queries(path) == queries


def test_percentile_interpolates_between_ranks():
    assert percentile([10, 20, 30, 40], 50) == 25


def test_http_load_turns_a_query_mix_into_search_urls(tmp_path):
    mix = tmp_path / "queries.json"
    mix.write_text(json.dumps([
        {"kind": "filtered", "query": "关于 戏剧", "filters": {"issuer": ["哈尔滨市阿城区教育局"], "year": [2018]}},
        {"kind": "filtered", "query": "吞吐量", "filters": {"year": [[2018, 2020]]}},
        {"kind": "browse", "query": "", "filters": {"topic": ["港澳台侨工作"]}},
    ], ensure_ascii=False), encoding="utf-8")
    paths = http_load.paths_for("/api/search", http_load.mix_params(mix))
    assert [parse_qs(urlsplit(path).query) for path in paths] == [
        {"q": ["关于 戏剧"], "issuer": ["哈尔滨市阿城区教育局"], "year": ["2018"]},
        {"q": ["吞吐量"], "year": ["2018..2020"]},
        {"topic": ["港澳台侨工作"]},
    ]


@pytest.mark.parametrize("text, says", [
    ("[{\"query\": \"政务公开\"}, {\"filters\": {}}]", "query 2 is not"),
    ('{"query": "政务公开"}', "a JSON list"),
    ("[{", "not a readable query mix"),
])
def test_http_load_refuses_a_bad_query_mix_before_starting_a_server(tmp_path, capsys, text, says):
    mix = tmp_path / "queries.json"
    mix.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        http_load.main(["--queries", str(mix), "--home", str(tmp_path / "no-home")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--queries" in err and str(mix) in err and says in err


def test_corpus_workers_exit_under_a_parent_that_handles_sigterm(tmp_path):
    # benchmarks.run turns SIGTERM into SystemExit before it generates the corpus with workers.
    script = ("import signal, sys\n"
              "signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))\n"
              "from benchmarks import corpus\n"
              "items = list(corpus.generate(3 * corpus.CHUNK, seed=1, procs=2))\n"
              "print(len(items))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert (done.returncode, done.stdout.strip()) == (0, str(3 * corpus.CHUNK))


def test_same_answers_reports_a_query_whose_first_page_changed(tmp_path, capsys):
    from benchmarks import same_answers
    before = [["word", "信息公开", 12, [3, 1, 2]], ["phrase", '"政府信息"', 4, [7]]]
    after = [["word", "信息公开", 12, [3, 2, 1]], ["phrase", '"政府信息"', 4, [7]]]
    for name, answers in (("before.json", before), ("after.json", after)):
        (tmp_path / name).write_text(json.dumps({"answers": answers}), encoding="utf-8")
    status = same_answers.main([str(tmp_path / "before.json"), str(tmp_path / "after.json")])
    out = capsys.readouterr().out
    assert status == 1 and "信息公开" in out and "1 differ" in out
    assert same_answers.main([str(tmp_path / "before.json")] * 2) == 0


def test_a_short_soak_serves_the_search_mix_without_errors_and_stops_its_server():
    from processes import python_command, running

    with running(python_command("benchmarks.soak", "--minutes", "0.3", "--clients", "2", "--slow", "8",
                                "--sample", "2")) as soak:
        status, out = soak.wait(timeout=300)
    server_pid = int(out.split("server pid ", 1)[1].split(",", 1)[0])
    assert (status, out.splitlines()[-1]) == (0, "OK"), out
    assert "errors           0" in out and "p99" in out and "server RSS, MiB" in out
    assert "slow trickle  opened" in out
    assert not Path(f"/proc/{server_pid}").exists()


def _synthetic_run(items, build_seconds, index_mb, p95_ms, qps):
    return {"items": items, "date": f"2026-12-03T{items % 24:02d}:00:00+00:00",
            "sides": {"ours": {"build_seconds": build_seconds, "build_items_per_s": items / build_seconds,
                               "index_mb": index_mb,
                               "queries": {"all": {"p50": p95_ms / 3, "p95": p95_ms}, "kinds": {}}}},
            "serve": {"load": {"by_processes": {"1": {"rps": qps}, "2": {"rps": qps * 1.5}}}}}


def test_growth_fits_the_exponent_between_sizes_and_projects_to_ten_million(tmp_path):
    from benchmarks import growth

    # build ∝ N^1.2, index ∝ N, p95 ∝ N^0.5, qps ∝ N^-0.5, measured at 10k, 100k and 1M.
    for items in (10_000, 100_000, 1_000_000):
        run = _synthetic_run(items, 2.0 * (items / 10_000) ** 1.2, 0.01 * items, 5.0 * (items / 10_000) ** 0.5,
                             400.0 * (items / 10_000) ** -0.5)
        (tmp_path / str(items)).mkdir()
        (tmp_path / str(items) / "figures.json").write_text(json.dumps(run), encoding="utf-8")
    runs = growth.find_runs([tmp_path])
    assert sorted(runs) == [10_000, 100_000, 1_000_000]
    rows = {row["name"]: row for row in growth.growth_table(runs)["rows"]}
    assert rows["build"]["exponents"] == pytest.approx([1.2, 1.2])
    assert rows["build rate"]["exponents"] == pytest.approx([-0.2, -0.2])
    assert rows["index size"]["exponents"] == pytest.approx([1.0, 1.0])
    assert rows["search p95, all"]["exponents"] == pytest.approx([0.5, 0.5])
    assert rows["/api/search new queries/s, 1 process"]["exponents"] == pytest.approx([-0.5, -0.5])
    assert rows["/api/search new queries/s, best of 1-3 processes"]["values"] == pytest.approx([600, 600 / 10**0.5,
                                                                                                60])
    # 10M is ten times 1M: each cost moves by 10^k from its 1M figure.
    assert rows["build"]["projected"] == pytest.approx(2.0 * 1000 ** 1.2, rel=1e-9)
    assert rows["index size"]["projected"] == pytest.approx(100_000.0)
    assert rows["search p95, all"]["projected"] == pytest.approx(5.0 * 1000 ** 0.5)
    assert rows["save to searchable p95"]["projected"] is None      # not measured: no fit, no projection
    text = growth.markdown(growth.growth_table(runs))
    assert "| build, s | 2.00 | 31.7 | 502 | 1.20 | 1.20 | 7,962 |" in text
    assert "save to searchable" not in text


def test_growth_exponent_needs_two_positive_costs():
    from benchmarks.growth import exponent, project

    assert exponent(10, 3.0, 100, 30.0) == pytest.approx(1.0)
    assert exponent(10, None, 100, 30.0) is None and exponent(10, 0.0, 100, 30.0) is None
    assert project(100, 30.0, None, 1000) is None


def test_warm_start_finds_the_first_window_at_steady_speed():
    from benchmarks.warm_start import analyse

    # 30 slow queries (300 ms) while the server is cold, one fast window, 10 slow again, then 200 fast ones.
    latencies = [0.3] * 30 + [0.02] * 20 + [0.3] * 10 + [0.02] * 200
    timeline, now = [], 100.0
    for took in latencies:
        now += took
        timeline.append((now, took, True, "/api/search?q=x"))
    figures = analyse(timeline, started=99.0, steady=100, window=20, factor=1.5)
    assert figures["steady_p95_ms"] == pytest.approx(20.0)
    ends = [end for end, *_ in timeline]
    assert figures["first_steady_s"] == pytest.approx(ends[49] - 99.0)     # the lucky window
    assert figures["stays_steady_s"] == pytest.approx(ends[79] - 99.0)     # from then on every window
    assert figures["errors"] == 0 and figures["buckets"][0]["from_s"] == 0


def test_while_writing_counts_the_searches_that_started_in_each_phase():
    from benchmarks.while_writing import phase_figures

    timeline = [(10.5, 0.5, True, "a"), (12.5, 2.5, True, "b"), (13.0, 0.1, False, "c"), (20.0, 1.0, True, "d")]
    quiet, writes = phase_figures(timeline, 9.0, 12.0), phase_figures(timeline, 12.0, 30.0)
    assert (quiet["searches"], quiet["over_2s"], quiet["max"]) == (2, 1, pytest.approx(2500))
    assert (writes["searches"], writes["errors"], writes["max"]) == (2, 1, pytest.approx(1000))


def test_while_writing_counts_a_search_that_timed_out_as_the_slowest():
    from benchmarks.while_writing import phase_figures

    timeline = [(11.0, 0.4, True, "a", ""), (40.0, 30.0, False, "b", "TimeoutError")]
    figures = phase_figures(timeline, 10.0, 50.0)
    assert (figures["max"], figures["p95"], figures["over_2s"]) == (pytest.approx(30000), pytest.approx(400), 1)
    assert figures["error_kinds"] == {"TimeoutError": 1}


def test_a_process_memory_splits_into_its_own_heap_and_mapped_file_pages(tmp_path):
    import mmap
    import os

    from benchmarks.soak import tree_memory

    mapped = tmp_path / "columns.bin"
    mapped.write_bytes(b"\x01" * (8 << 20))
    with mapped.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as pages:
        before = tree_memory(os.getpid())["total"]
        sum(pages[offset] for offset in range(0, len(pages), 4096))    # touch every page of the file
        after = tree_memory(os.getpid())["total"]
    assert after["file_mb"] - before["file_mb"] >= 7, (before, after)
    assert after["anon_mb"] - before["anon_mb"] < 4, (before, after)
    assert abs(after["anon_mb"] + after["file_mb"] - after["rss_mb"]) < 0.01
