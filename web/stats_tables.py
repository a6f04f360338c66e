"""The statistics (``catalogue.annual.statistics``) laid out as tables: for the page, CSV, JSON and the CLI.

``tables(result)`` gives every table as ``{"id", "columns", "rows"}`` with
raw values (numbers, ``None``, codes such as ``no_year_before``), which is
what the JSON downloads serve; ``title``, ``heading`` and ``cell`` word
them in an interface language for the page, the CSV files and the
terminal. CSV files are UTF-8 with a byte-order mark, so spreadsheet
programs open the Chinese text as Chinese.

What can go wrong: ``NotFound`` from ``table`` for an unknown table id.
"""

import csv
import io
import unicodedata

from catalogue.errors import NotFound, Problem

from . import i18n, script

TABLE_IDS = ("years", "groups", "bodies", "topic", "genre", "disclosure", "table2", "table2_breaks",
             "deadline_years", "deadline_bodies")
_DEADLINE = ("items", "checked", "on_time", "late", "unknown", "no_written_date", "on_time_pct")
COLUMNS = {
    "years": ("year", "count", "change_pct", "change_note", "proactive", "proactive_change_pct"),
    "groups": ("group", "count", "before", "change_pct", "change_note"),
    "bodies": ("body", "level", "own", "total", "before", "change_pct", "change_note"),
    "topic": ("value", "count", "share"),
    "genre": ("value", "count", "share"),
    "disclosure": ("value", "count", "share"),
    "table2": ("kind", "issued", "repealed", "in_force", "in_force_before", "identity_ok"),
    "table2_breaks": ("kind", "index_no", "title", "issuer", "reason"),
    "deadline_years": ("year",) + _DEADLINE,
    "deadline_bodies": ("issuer", "year") + _DEADLINE,
}
# Columns holding the catalogue's controlled values (shown in the interface's script).
_TERMS = ("body", "issuer", "value", "level")
_PCT = ("change_pct", "proactive_change_pct", "share", "on_time_pct")


def change_note(row):
    """Why a row has no percentage: ``no_year_before`` (none in the range), ``none_year_before`` (0)."""
    if row["change_pct"] is not None:
        return None
    return "no_year_before" if row["before"] is None else "none_year_before"


def _in_year(series, year):
    return next((r for r in series if r["year"] == year),
                {"year": year, "count": 0, "before": None, "change_pct": None})


def _change(row):
    return {"count": row["count"], "before": row["before"], "change_pct": row["change_pct"],
            "change_note": change_note(row)}


def _body_row(body, year):
    change = _change(_in_year(body["total"], year))
    change["total"] = change.pop("count")
    return dict(body=body["name"], level=body["level"], depth=body["depth"],
                own=_in_year(body["own"], year)["count"], **change)


def _shares(counts, total):
    return [{"value": c["value"], "count": c["count"],
             "share": round(c["count"] * 100.0 / total, 1) if total else None} for c in counts]


def _rows(result):
    year = result["year"]
    proactive = {r["year"]: r for r in result["proactive"]}
    breakdown = result["breakdown"]
    return {
        "years": [dict(year=r["year"], count=r["count"], change_pct=r["change_pct"],
                       change_note=change_note(r), proactive=proactive[r["year"]]["count"],
                       proactive_change_pct=proactive[r["year"]]["change_pct"])
                  for r in result["total"]],
        "groups": [dict(group=g["group"], **_change(_in_year(g["counts"], year)))
                   for g in result["groups"]],
        "bodies": [_body_row(b, year) for b in result["bodies"]],
        **{field: _shares(breakdown[field], breakdown["items"]) for field in ("topic", "genre", "disclosure")},
        "table2": [{k: r[k] for k in COLUMNS["table2"]} for r in result["table2"]["rows"]],
        "table2_breaks": [{k: b[k] for k in COLUMNS["table2_breaks"]} for b in result["table2"]["breaks"]],
        "deadline_years": [{k: r[k] for k in COLUMNS["deadline_years"]} for r in result["deadline"]["years"]],
        "deadline_bodies": [{k: r[k] for k in COLUMNS["deadline_bodies"]} for r in result["deadline"]["rows"]
                            if r["year"] == year],
    }


def tables(result):
    """Every table of ``result``: ``[{"id", "columns", "rows"}]`` in ``TABLE_IDS`` order."""
    rows = _rows(result)
    return [{"id": tid, "year": result["year"], "issuer": result["issuer"],
             "columns": list(COLUMNS[tid]), "rows": rows[tid]} for tid in TABLE_IDS]


def table(result, table_id):
    """The one table ``table_id``; ``NotFound`` (code ``not_found``) for another name."""
    if table_id not in TABLE_IDS:
        problem = Problem("table", f'no statistics table "{table_id}"; there are {", ".join(TABLE_IDS)}',
                          code="not_found", params={"value": table_id})
        raise NotFound(str(problem), [problem])
    return next(t for t in tables(result) if t["id"] == table_id)


def title(lang, table_id, year):
    """The table's title in ``lang``."""
    key = {"years": "stats_years", "deadline_years": "stats_deadline_years",
           "deadline_bodies": "stats_deadline_bodies"}.get(table_id, f"stats_{table_id}")
    return i18n.text(lang, key, year=year)


def heading(lang, column):
    """The column's heading in ``lang`` (the note on a missing percentage is headed "reason")."""
    return i18n.text(lang, "col_reason" if column == "change_note" else "col_" + column)


def cell(lang, column, value, *, for_csv=False):
    """One value as text: percentages signed (bare numbers in CSV), codes and controlled values worded."""
    if value is None:
        return "" if for_csv or column == "change_note" else "—"
    if column == "group":
        return i18n.text(lang, "group_" + value)
    if column == "reason":
        return i18n.text(lang, "reason_" + value)
    if column == "change_note":
        return i18n.text(lang, "stats_no_pct_first" if value == "no_year_before" else "stats_no_pct_zero")
    if column == "identity_ok":
        return i18n.text(lang, "stats_yes" if value else "stats_no")
    if column in _PCT:
        return f"{value:.1f}" if for_csv else (f"{value:+.1f}%" if "change" in column else f"{value:.1f}%")
    if column in _TERMS:
        return script.in_script(lang, value)
    return str(value)


def csv_text(lang, tbl):
    """The table as CSV text (headings in ``lang``); write it as ``utf-8-sig`` for the byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading(lang, c) for c in tbl["columns"]])
    for row in tbl["rows"]:
        writer.writerow([cell(lang, c, row.get(c), for_csv=True) for c in tbl["columns"]])
    return out.getvalue()


def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(lang, tbl):
    """The table as aligned plain text for a terminal (wide characters count two columns)."""
    grid = [[heading(lang, c) for c in tbl["columns"]]]
    for row in tbl["rows"]:
        line = [cell(lang, c, row.get(c)) for c in tbl["columns"]]
        if tbl["id"] == "bodies":
            line[0] = "  " * row.get("depth", 0) + line[0]
        grid.append(line)
    widths = [max(_width(r[i]) for r in grid) for i in range(len(grid[0]))]
    return "\n".join("  ".join(v + " " * (w - _width(v)) for v, w in zip(r, widths)).rstrip()
                     for r in grid)


def figure_sentence(lang, figure):
    """The report's own sentence: "2013年主动公开信息3条，较上年减少40.0%。" and its variants."""
    pct, before = figure["change_pct"], figure["before"]
    values = {"year": figure["year"], "n": figure["count"]}
    if pct is None:
        return i18n.text(lang, "stats_figure_first" if before is None else "stats_figure_new", **values)
    if pct == 0:
        return i18n.text(lang, "stats_figure_same", **values)
    key = "stats_figure_up" if pct > 0 else "stats_figure_down"
    return i18n.text(lang, key, pct=f"{abs(pct):.1f}", **values)
