"""jieba for the index: the data files, the one configured tokenizer, and what it cut before.

* ``configure``: the user dictionary (``userdict.txt``), registry body names,
  stop words (``stopwords.txt``) and the jieba cache, once per process.
* ``current``: that configuration (the project's own ``data/`` folder when
  nothing was configured), with ``cut`` and ``subwords`` remembered per run.
* ``Segmenter``: ``jieba.Tokenizer`` with its route found in one loop, or
  by jieba-next's compiled trie and Viterbi (``internals.jieba_route``), the
  same words as jieba's.

What can go wrong: a malformed data file raises ``ConfigError`` naming the file
and line; using the tokenizer before ``configure`` loads the project's own
``data/`` folder, and raises ``ConfigError`` if its files are missing.
"""

import logging
import tempfile
import threading
from pathlib import Path

import jieba

from catalogue.errors import ConfigError

from .fold import HAN_RUN, fold
from .internals.jieba_route import Route

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
USERDICT = "userdict.txt"
STOPWORDS = "stopwords.txt"
# A registry body name must beat the words it is made of (政府 has 23452 in
# jieba's dictionary), or 黑龙江省人民政府办公厅 would be cut into its parts.
EXTRA_WORD_FREQ = 50000
CUT_CACHE = 200_000         # Han runs (and words) whose segmentation is remembered

_jieba_logger = logging.getLogger("jieba")
# jieba logs "Building prefix dict ..." at DEBUG to stderr on every start.
_jieba_logger.setLevel(logging.WARNING)


def _lines(path):
    """Yield (line number, stripped line) of a UTF-8 data file, skipping blanks and # comments."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if line and not line.startswith("#"):
                    yield number, line
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None


def load_stopwords(path):
    """Stop words, one per line (folded), as a frozenset.

    What can go wrong: a line holding more than one word raises ``ConfigError``
    with the line number.
    """
    words = set()
    for number, line in _lines(path):
        if len(line.split()) != 1:
            raise ConfigError(f"{path}:{number}: one stop word per line, got {line!r}")
        words.add(fold(line))
    return frozenset(words)


def _read_userdict(path):
    """Entries ``(word, freq or None, tag or None)`` of a jieba user dictionary.

    Lines are ``word [freq] [tag]``. Words are folded; only Han words are
    accepted, because Latin letters and digits never reach jieba.
    """
    entries = []
    for number, line in _lines(path):
        fields = line.split()
        where = f"{path}:{number}"
        if len(fields) > 3:
            raise ConfigError(f"{where}: expected 'word [freq] [tag]', got {line!r}")
        word = fold(fields[0])
        if not HAN_RUN.fullmatch(word):
            raise ConfigError(
                f"{where}: {fields[0]!r} is not all Han characters; "
                "Latin letters and digits are tokenized apart from jieba")
        freq = tag = None
        if len(fields) > 1:
            if not fields[1].isdigit():
                raise ConfigError(f"{where}: frequency must be a whole number, got {fields[1]!r}")
            freq = int(fields[1])
        if len(fields) > 2:
            tag = fields[2]
        entries.append((word, freq, tag))
    return entries


class _Config:
    """What ``configure`` loaded: one jieba tokenizer, the stop words, and what it cut before.

    Government documents repeat their stretches of Han text (boilerplate,
    body names, 各市县): on the benchmark corpus 44% of the runs, 19% of the
    characters, were cut before. ``cut`` remembers up to ``CUT_CACHE``
    runs; a dictionary change (``add_word``) forgets them.
    """

    def __init__(self, key, tokenizer, stopwords):
        self.key = key
        self.tokenizer = tokenizer
        self.stopwords = stopwords
        self.extra_words = set()
        self._cuts = {}
        self._subwords = {}

    def add_word(self, word, freq):
        self.tokenizer.add_word(word, freq)
        self.extra_words.add(word)
        self._cuts = {}
        self._subwords = {}

    def cut(self, run):
        """jieba's accurate-mode words of a run of Han characters."""
        words = self._cuts.get(run)
        if words is None:
            words = tuple(self.tokenizer.cut(run))
            if len(self._cuts) >= CUT_CACHE:
                self._cuts = {}     # a new dict, not clear(): other threads may be reading
            self._cuts[run] = words
        return words

    def subwords(self, word):
        """``(offset, sub-word)`` of every dictionary word strictly inside ``word``."""
        grams = self._subwords.get(word)
        if grams is None:
            freq = self.tokenizer.FREQ
            grams = tuple((i, word[i:i + size]) for size in range(2, len(word))
                          for i in range(len(word) - size + 1) if freq.get(word[i:i + size]))
            if len(self._subwords) >= CUT_CACHE:
                self._subwords = {}
            self._subwords[word] = grams
        return grams


# The jieba tokenizer holds a lock and a 350k-entry dictionary: it lives here,
# never on an analyzer, because Whoosh pickles analyzers into the index.
_config_lock = threading.RLock()
_config = None


class Segmenter(Route, jieba.Tokenizer):
    """``jieba.Tokenizer`` with the one-loop route of ``internals.jieba_route``: the same words, sooner.

    When the installed jieba lacks a name that route needs, ``Route`` adds
    nothing and this is jieba's own tokenizer.
    """


def _new_jieba(cache_dir, entries):
    tokenizer = Segmenter()
    # jieba writes its prefix-dictionary cache (jieba.cache) into tmp_dir.
    tokenizer.tmp_dir = str(cache_dir) if cache_dir else tempfile.gettempdir()
    tokenizer.initialize()
    for word, freq, tag in entries:
        tokenizer.add_word(word, freq, tag)
    return tokenizer


def configure(data_dir, cache_dir=None, extra_words=()):
    """Load the user dictionary, stop words and ``extra_words`` into jieba, once per process.

    ``extra_words`` (registry body names) are added with a high frequency so
    they stay whole; calling again with more of them adds them, while another
    ``data_dir`` or ``cache_dir`` starts afresh (without earlier extra words).
    jieba's dictionary cache goes into ``cache_dir`` (default: the system
    temp folder).
    Thread-safe and idempotent. What can go wrong: a missing or malformed
    ``userdict.txt``/``stopwords.txt`` or a ``cache_dir`` that is not a folder
    raises ``ConfigError``; the previous configuration then stays in force.
    """
    data_dir = Path(data_dir).resolve()
    cache_dir = Path(cache_dir).resolve() if cache_dir is not None else None
    if cache_dir is not None and not cache_dir.is_dir():
        raise ConfigError(f"{cache_dir}: jieba cache folder does not exist")
    key = (data_dir, cache_dir)
    _jieba_logger.setLevel(logging.WARNING)
    global _config
    with _config_lock:
        if _config is None or _config.key != key:
            # Read both files before replacing anything: nothing half-loaded.
            entries = _read_userdict(data_dir / USERDICT)
            stopwords = load_stopwords(data_dir / STOPWORDS)
            _config = _Config(key, _new_jieba(cache_dir, entries), stopwords)
        config = _config
        for name in extra_words:
            for word in HAN_RUN.findall(fold(name)):
                if len(word) > 1 and word not in config.extra_words:
                    freq = max(EXTRA_WORD_FREQ, config.tokenizer.FREQ.get(word) or 0)
                    config.add_word(word, freq)


def reset():
    """Forget the configuration (for tests); the next use configures again."""
    global _config
    with _config_lock:
        _config = None


def current():
    """The configuration in force (``cut``, ``subwords``, ``stopwords``, ``tokenizer``).

    What can go wrong: when nothing was configured, the project's own
    ``data/`` folder is loaded, and ``ConfigError`` raised if its files are
    missing or malformed.
    """
    config = _config
    if config is None:
        with _config_lock:
            if _config is None:
                configure(DEFAULT_DATA_DIR)
            config = _config
    return config


def configured_stopwords():
    """The stop words of the current configuration."""
    return current().stopwords


_first_lock = threading.Lock()      # guards ``_first``: one configuration at a time
_first = {}                         # data folder -> the cache folder it was first configured with


def configure_once(data_dir, cache_dir, words):
    """``configure`` once per process and data folder; later calls only add their ``words`` (body names).

    jieba's dictionary takes ~0.5 s to load, so a second catalogue opened in
    the same process (tests, a server with several homes) reuses the first
    configuration when the data folder is the same.
    """
    with _first_lock:
        first = _first.get(data_dir)
        if first is None:
            _first.clear()
            _first[data_dir] = cache_dir
            first = cache_dir
        configure(data_dir, first, extra_words=words)
