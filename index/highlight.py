"""Highlights: ``<mark>`` around what the query matched, everything else HTML-escaped.

Matching happens on the folded text (full-width to half-width, Traditional to
Simplified, lowercase), and ``fold.fold_with_map`` maps each match back
to the characters the reader sees, so a Simplified query marks the
Traditional words it found.

Only what the plan asks for is marked (``plan.Plan.marks``: the query's
words and phrases, their synonyms, a doc number). A doc number is matched
whatever brackets the text puts round its year (黑政办发[2011]43号 for
黑政办发〔2011〕43号).

What can go wrong: nothing; text without matches comes back escaped.
"""

from html import escape

from .fold import fold_with_map, original_span, t2s_characters

SNIPPET_CHARS = 120
CONTEXT_BEFORE = 20
MAX_MATCHES = 500
WINDOW_STARTS = 50
# Brackets typists put round a doc number's year, as the standard 〔〕, one for
# one so positions stay (the full-width ones for the rough fold of ``_window``).
_YEAR_BRACKETS = str.maketrans("[(【（［])】）］", "〔〔〔〔〔〕〕〕〕〕")


def _matches(folded, terms):
    """Sorted, merged ``[start, end)`` spans of ``terms`` in ``folded``."""
    spans = []
    terms = [term.translate(_YEAR_BRACKETS) for term in terms if term]
    # Only a term with a bracket can match where the text has one: most texts need no translating.
    if any("〔" in term or "〕" in term for term in terms):
        folded = folded.translate(_YEAR_BRACKETS)
    for term in terms:
        start = folded.find(term)
        while start != -1 and len(spans) < MAX_MATCHES:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged


def _render(text, spans, lo, hi):
    """``text[lo:hi]`` escaped, with the original-text ``spans`` inside it marked."""
    out, at = [], lo
    for start, end in spans:
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            continue
        out.append(escape(text[at:start], quote=False))
        out.append("<mark>" + escape(text[start:end], quote=False) + "</mark>")
        at = end
    out.append(escape(text[at:hi], quote=False))
    return "".join(out)


def _original_spans(offsets, spans):
    return [original_span(offsets, start, end) for start, end in spans]


def mark(text, terms):
    """The whole ``text`` escaped, with every occurrence of ``terms`` (folded) marked."""
    if not text:
        return ""
    folded, offsets = fold_with_map(text)
    spans = _original_spans(offsets, _matches(folded, terms))
    return _render(text, spans, 0, len(text))


def _window(text, terms, width):
    """``(lo, hi)``: about ``width`` characters of ``text`` around its densest run of ``terms``.

    Folding a whole body with OpenCC costs milliseconds per thousand
    characters; a character-by-character translation (numpy, same length:
    ``fold.t2s_characters``) is enough to find where the matches are. The
    window itself is then folded properly (phrase-aware) to place the marks.
    """
    rough = t2s_characters(text).lower()
    spans = _matches(rough, terms)
    lo = 0
    if spans:
        # The window holding the most distinct matched terms wins; ties go to
        # the earliest, so the lead of the text is preferred.
        best, best_count = spans[0][0], 0
        for i in range(min(len(spans), WINDOW_STARTS)):
            start, seen = spans[i][0], set()
            for s, e in spans[i:]:
                if e > start + width:
                    break
                seen.add(rough[s:e])
            if len(seen) > best_count:
                best, best_count = start, len(seen)
        lo = max(0, best - CONTEXT_BEFORE)
    hi = min(len(text), lo + width)
    if hi - lo < width:
        lo = max(0, hi - width)
    return lo, hi


def snippet(text, terms, width=SNIPPET_CHARS):
    """About ``width`` characters of ``text`` around its densest run of matches, marked.

    Without matches it is the start of the text. Cut ends get an ellipsis;
    line breaks become spaces.
    """
    if not text:
        return ""
    lo, hi = _window(text, terms, width)
    body = mark(text[lo:hi], terms)
    body = " ".join(body.split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
