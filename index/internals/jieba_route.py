"""jieba's accurate-mode route found in one loop: the same words, sooner.

``Route`` is the mixin ``segmenter.Segmenter`` puts before
``jieba.Tokenizer``. It overrides jieba's private ``Tokenizer.__cut_DAG``
(``_Tokenizer__cut_DAG`` once mangled), which ``Tokenizer.cut`` calls for
every run of Han characters when ``HMM=True``, and reads the tokenizer's
``FREQ`` and ``total``, ``check_initialized`` and ``jieba.finalseg.cut``.

At import this module checks that every one of those names is there and
that ``cut`` still calls ``__cut_DAG`` (an override jieba no longer calls
would be silently ignored). When one is missing, ``Route`` is an empty
mixin: the segmenter is plain jieba (the same words, slower) and
``internals.fallbacks()`` says why.

The route and the HMM are faster still through ``jieba-next``'s compiled
code (``jieba_next.jieba_next_rust``, names it does not document:
``PrefixDict`` and ``_viterbi``): its trie scores the same candidates
with the same arithmetic and tie rule as jieba (the route equals jieba's on
every Han run of the benchmark corpus, tests/test_segmenter_golden.py), ~5x
faster than the Python loop. Its Viterbi breaks ties its own way, which
matters only where a character has no emission probability (the path's
score is then jieba's ``MIN_FLOAT``, -3.14e100, and many paths tie): such
runs go to jieba's own ``viterbi``. The trie is a copy of the dictionary,
so after ``add_word`` the Python route serves until ``REBUILD_AFTER`` runs
have been routed (a rebuild takes ~0.3 s), then the trie is built again.
Without jieba-next, or of another release, or when its self-check at import
disagrees with the Python route, ``internals.fallbacks()`` says so and the
Python route and jieba's HMM are used.

What can go wrong: nothing raises; a jieba without one of these names logs
one warning and segments at jieba's own speed.
"""

from math import log

import jieba
from jieba import finalseg

from . import check_version, fallback, has, _release

try:
    import jieba_next
    from jieba_next import jieba_next_rust
except ImportError:         # not installed: the Python route
    jieba_next = jieba_next_rust = None

_PRIVATE = "_Tokenizer__cut_DAG"
JIEBA_NEXT_VERSIONS = ((1, 0),)     # jieba-next 1.0.x (PrefixDict, _viterbi)
REBUILD_AFTER = 8000    # runs routed in Python after a dictionary change before the trie is rebuilt
# A Viterbi path scoring at or below this went through a character without an
# emission probability (jieba's MIN_FLOAT is -3.14e100): ties, broken as jieba does.
_TIED = -1e99


def missing(tokenizer_class):
    """What the one-loop route needs and ``tokenizer_class`` (``jieba.Tokenizer``) lacks; [] if nothing."""
    lacking = [name for name in (_PRIVATE, "check_initialized", "cut", "add_word")
               if not has(tokenizer_class, name)]
    # FREQ and total are set by Tokenizer.__init__ (which loads nothing), not on the class.
    try:
        instance = tokenizer_class()
    except Exception:       # another constructor: a Tokenizer this module was not written for
        instance = None
    lacking += [name for name in ("FREQ", "total") if not has(instance, name)]
    if not has(finalseg, "cut"):
        lacking.append("finalseg.cut")
    code = getattr(getattr(tokenizer_class, "cut", None), "__code__", None)
    if code is None or _PRIVATE not in code.co_names:
        lacking.append("a call of __cut_DAG in Tokenizer.cut")
    return lacking


class _OneLoopRoute:
    """A mixin for ``jieba.Tokenizer``: its accurate-mode route found in one loop, the same words sooner.

    jieba builds a dict of candidate word ends per character (``get_DAG``),
    then scores every candidate through a generator, ``log`` and ``max``
    (``calc``): the bulk of an index build's segmentation time. Here the
    candidates are scanned and scored in the same backwards loop, with each
    word's ``log(freq)`` remembered. The arithmetic and the tie rule (the
    longer word wins a tie, as ``max`` over ``(score, end)`` does) are
    jieba's, so the route is exactly jieba's. Unknown stretches still go to
    jieba's HMM (``finalseg``) as in ``__cut_DAG``. Measured: the route ~1.8x
    faster, ``cut`` ~1.3x, an index build ~7 % fewer instructions.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._logs = {}
        self._trie = None           # the compiled trie of FREQ (RUST only), None when stale
        self._python_routes = 0     # runs routed in Python since the trie went stale
        self._trie_built = False    # once built, a stale trie waits for REBUILD_AFTER Python routes
        self._trie_of = None        # the FREQ dict the trie was built from

    def add_word(self, word, freq=None, tag=None):
        super().add_word(word, freq, tag)
        self._logs = {}         # a new frequency (and a new total) for this word
        self._trie = None
        self._python_routes = 0

    def route(self, sentence):
        """``ends[i]``: where the best-scoring word starting at ``i`` ends (inclusive).

        ``cut`` calls it once per run of Han characters. Through the compiled
        trie when there is one (the list then has one more entry, unused).
        """
        trie = self._trie
        if trie is not None and self._trie_of is self.FREQ:
            return trie.get_dag_and_calc(sentence)
        if RUST:
            self._python_routes += 1
            if self._python_routes >= REBUILD_AFTER or not self._trie_built:
                # The first run routed, or enough runs since the dictionary changed.
                self._trie = trie = jieba_next_rust.PrefixDict(self.FREQ, float(self.total))
                self._trie_of = self.FREQ       # initialize() with another dictionary replaces FREQ
                self._trie_built = True
                return trie.get_dag_and_calc(sentence)
        return self.python_route(sentence)

    def python_route(self, sentence):
        """``route`` in Python (the reference of the compiled one)."""
        freqs = self.FREQ
        logs = self._logs
        logtotal = log(self.total)
        n = len(sentence)
        scores = [0.0] * (n + 1)
        ends = [0] * n
        for idx in range(n - 1, -1, -1):
            best = best_end = None
            i = idx
            frag = sentence[idx]
            while i < n and frag in freqs:
                freq = freqs[frag]
                if freq:
                    lf = logs.get(frag)
                    if lf is None:
                        lf = logs[frag] = log(freq)
                    score = lf - logtotal + scores[i + 1]
                    if best is None or score >= best:
                        best, best_end = score, i
                i += 1
                frag = sentence[idx:i + 1]
            if best is None:
                # No dictionary word starts here: the character alone, at log(1).
                best, best_end = 0 - logtotal + scores[idx + 1], idx
            scores[idx] = best
            ends[idx] = best_end
        return ends

    def _Tokenizer__cut_DAG(self, sentence):
        # Overrides jieba's private Tokenizer.__cut_DAG, which cut() calls for HMM=True.
        self.check_initialized()
        ends = self.route(sentence)
        freqs = self.FREQ
        x = 0
        buf = ""
        n = len(sentence)
        while x <= n:
            if x < n:
                y = ends[x] + 1
                if y - x == 1:
                    buf += sentence[x]
                    x = y
                    continue
            if buf:
                if len(buf) == 1:
                    yield buf
                elif not freqs.get(buf):
                    yield from hmm_cut(buf)
                else:
                    yield from buf
                buf = ""
            if x == n:
                return
            yield sentence[x:y]
            x = y


def _viterbi_words(sentence):
    """jieba's ``finalseg.__cut`` of a run of ``re_han`` characters, the path from the compiled Viterbi."""
    prob, states = jieba_next_rust._viterbi(sentence, "BMES", finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    if not prob > _TIED:
        prob, states = finalseg.viterbi(sentence, "BMES", finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    begin = nexti = 0
    for i, char in enumerate(sentence):
        state = states[i]
        if state == "B":
            begin = i
        elif state == "E":
            yield sentence[begin:i + 1]
            nexti = i + 1
        elif state == "S":
            yield char
            nexti = i + 1
    if nexti < len(sentence):
        yield sentence[nexti:]


def _compiled_hmm_cut(sentence):
    """jieba's ``finalseg.cut`` with ``_viterbi_words``: the same words."""
    force_split = finalseg.Force_Split_Words
    for block in finalseg.re_han.split(sentence):
        if finalseg.re_han.match(block):
            for word in _viterbi_words(block):
                if word not in force_split:
                    yield word
                else:
                    yield from word
        else:
            yield from (x for x in finalseg.re_skip.split(block) if x)


def _rust_missing():
    """Why jieba-next's compiled route and HMM cannot be used ([] when they can)."""
    if jieba_next_rust is None:
        return ["jieba-next is not installed"]
    lacking = []
    if not check_version("jieba-next", _release(getattr(jieba_next, "__version__", "0")), JIEBA_NEXT_VERSIONS):
        lacking.append(f"jieba-next {getattr(jieba_next, '__version__', '?')} (written for 1.0.x)")
    if not has(jieba_next_rust, "PrefixDict", "_viterbi") \
            or not has(getattr(jieba_next_rust, "PrefixDict", None), "get_dag_and_calc"):
        lacking.append("jieba_next_rust.PrefixDict.get_dag_and_calc or _viterbi")
    if not has(finalseg, "start_P", "trans_P", "emit_P", "viterbi", "re_han", "re_skip", "Force_Split_Words"):
        lacking.append("jieba.finalseg's model, viterbi, re_han, re_skip or Force_Split_Words")
    return lacking


def _self_check():
    """The compiled route and Viterbi against the Python ones on a small dictionary and a few runs."""
    class Probe(_OneLoopRoute):
        def __init__(self):
            self._logs = {}
            self.FREQ = {"政": 50, "政府": 200, "府": 3, "信": 0, "信息": 300, "公": 40, "公开": 260, "开": 90,
                         "政府信": 0, "政府信息": 30, "信息公": 0, "信息公开": 120, "申": 0, "申请": 150}
            self.total = 1253
    probe = Probe()
    trie = jieba_next_rust.PrefixDict(probe.FREQ, float(probe.total))
    for run in ("政府信息公开", "申请政府信息公开", "公开信息", "府政", "依申请公开", "信"):
        if list(trie.get_dag_and_calc(run))[:len(run)] != probe.python_route(run):
            return f"the compiled route of {run!r} differs from the Python one"
    for run in ("黑龙江省人民政府", "绥芬河口岸通关", "镙鳈", "他在哄擡物价"):
        compiled = list(_viterbi_words(run))
        if compiled != list(finalseg.cut(run)):
            return f"the compiled HMM cut of {run!r} differs from jieba's"
    return None


def _choose_rust():
    lacking = _rust_missing()
    if lacking:
        fallback("jieba-next compiled route", "; ".join(lacking) + "; the Python route and jieba's HMM are used")
        return False
    try:
        problem = _self_check()
    except Exception as error:      # a compiled module of another shape
        problem = f"{type(error).__name__}: {error}"
    if problem:
        fallback("jieba-next compiled route", problem + "; the Python route and jieba's HMM are used")
        return False
    return True


class _JiebaRoute:
    """Nothing: the installed jieba lacks a name the one-loop route needs, so jieba routes."""


def _choose():
    lacking = missing(jieba.Tokenizer)
    if lacking:
        fallback("jieba one-loop route", "jieba.Tokenizer lacks " + ", ".join(lacking))
        return _JiebaRoute
    return _OneLoopRoute


RUST = _choose_rust()
hmm_cut = _compiled_hmm_cut if RUST else finalseg.cut
Route = _choose()
