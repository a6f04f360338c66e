"""The settings: one table, read from the home's settings.yaml and the command line.

``SETTINGS`` is the only list of settings; ``catalogue serve --help``, the
global ``--home``/``--store`` options every verb takes, the README table
(``markdown_table``) and validation all come from it. Later sources win: the
table's defaults, then ``<home>/settings.yaml``, then the command line.
``Config.catalogue_home()`` is the one place that turns home and store into
the ``Home`` every verb and the web app open.

What can go wrong: an unknown setting, a value of the wrong kind or out of
range, a settings file that is not a YAML mapping: all reported at once as a
``ConfigError`` naming the setting and where it came from (the option as
typed on the command line, the file otherwise), each problem said once.
"""

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from catalogue.errors import BadValue, ConfigError, Problem
from catalogue.home import Home
from catalogue.paths import default_home
from catalogue.targets import SERVER_SCHEMES, shown_target
from catalogue.wording import counted
from catalogue.yamlfile import read_yaml
from index.params import BY_NAME as _SEARCH_PARAMS, whole_number

from .i18n import LANGS

SETTINGS_FILE = "settings.yaml"
STORE_SCHEMES = SERVER_SCHEMES + ("sqlite:///",)


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    kind: str                   # text | int | choice | url | path | store
    help: str
    minimum: int = None
    maximum: int = None
    choices: tuple = ()
    # "serve": an option of `catalogue serve`; "global": an option of
    # `catalogue` itself that every verb takes (it says which catalogue).
    scope: str = "serve"
    metavar: str = None
    # An environment variable that sets it for every command (a fleet is
    # configured by its environment); the command line still wins.
    env: str = None

    @property
    def option(self):
        return "--" + self.name.replace("_", "-")

    @property
    def serve_option(self):
        """True for the options of ``catalogue serve`` only."""
        return self.scope == "serve"

    def shown_default(self):
        if self.name == "home":
            return "$XDG_DATA_HOME/disclosure-catalogue or ~/.local/share/disclosure-catalogue"
        if self.name == "store":
            return "<home>/catalogue.db"
        if self.default in ("", None):
            return "(none)"
        return str(self.default)


SETTINGS = (
    Setting("home", None, "path",
            "the catalogue's home folder: settings.yaml (so not a setting in it), the search index, "
            "the cache and, by default, the store",
            scope="global", metavar="DIR"),
    Setting("store", None, "store",
            "the store of record: a SQLite file (relative paths in settings.yaml are relative to the "
            "home), sqlite:///path, or a postgresql:// URL shared by several servers, each with its "
            "own home and index",
            scope="global", metavar="FILE|URL", env="CATALOGUE_STORE"),
    Setting("host", "127.0.0.1", "text",
            "address to listen on; 0.0.0.0 listens on every interface"),
    Setting("port", 8080, "int", "TCP port to listen on (0 picks a free one)", 0, 65535),
    Setting("threads", 8, "int", "worker threads answering requests at the same time", 1, 256),
    Setting("connection_limit", 1000, "int",
            "open connections a server process keeps at once, idle and slow ones included; well above "
            "`threads`, so that clients holding connections open do not stop others being served",
            10, 10000),
    Setting("channel_timeout", 20, "int",
            "seconds a connection may stay silent (idle, or a request sent only in part) before it is "
            "closed", 1, 3600),
    Setting("request_timeout", 60, "int",
            "seconds a request may take to arrive whole, its body included; a connection still sending "
            "one past it is closed, however steadily it trickles (a large staff import over a slow line "
            "needs more)", 2, 3600),
    Setting("processes", 1, "int",
            "server processes sharing the port, each with `threads` threads and its own search cache "
            "(so `cache_mb` each); searches in one process take turns on one core, so on a machine "
            "with several cores more processes answer more searches at once", 1, 64),
    Setting("cache_mb", 400, "int",
            "memory for decoded posting lists and phrase, filter and facet sets, in MB (approximate); "
            "a catalogue of several hundred thousand items answers common words faster with more", 16, 65536),
    Setting("search_engine", "numpy", "choice",
            "how searches are evaluated: numpy (arrays over the index's memory-mapped posting columns, "
            "shared by every process on the machine and fast from the start) or python (sets and dicts "
            "over a per-process cache of decoded lists, warmed up after each start); both answer the same",
            choices=("numpy", "python")),
    Setting("per_page", _SEARCH_PARAMS["per_page"].default, "int",
            "search results per page when the URL does not say",
            _SEARCH_PARAMS["per_page"].minimum, _SEARCH_PARAMS["per_page"].maximum),
    Setting("title", "", "text",
            "site title in pages, feeds and OpenSearch; empty: the interface's own name in each language"),
    Setting("base_url", "", "url",
            "public address such as https://example.org/catalogue for absolute links in feeds, "
            "sitemap and OpenSearch; empty: taken from each request"),
    Setting("allowed_hosts", "", "text",
            "when base_url is empty, the host names (separated by commas; .example.org: it and every "
            "name below it) whose Host header may go into absolute links in feeds, sitemap, OpenSearch, "
            "robots.txt and the OpenAPI servers; a request naming another host gets links to the first "
            "one; empty: the host listened on (this machine's name for 0.0.0.0), localhost, 127.0.0.1, [::1]"),
    Setting("cache_max_age", 60, "int",
            "seconds browsers and proxies may reuse a page before asking again (Cache-Control max-age)",
            0, 31536000),
    Setting("lang", "zh-Hans", "choice",
            "interface language when neither ?lang= nor the visitor's cookie picks one",
            choices=LANGS),
    Setting("widget_origins", "*", "text",
            "the sites (origins such as https://www.harbin.gov.cn, separated by commas) whose pages may "
            "read the JSON API from the browser, as the search widget does (CORS, GET only, never with "
            "cookies or credentials), and frame the /embed page; *: any site. Staff pages and the write "
            "API never allow other sites"),
    Setting("feed_size", 20, "int", "entries in an Atom feed", 1, 100),
    Setting("hot_min_count", 3, "int",
            "times a query must have been searched (in the 7 or 30 days listed) before the home page, "
            "/api/hot and related searches show it", 1, 100000),
    Setting("ready_behind", 100, "int",
            "revisions the search index may be behind the store while /readyz still says 200 (a load "
            "balancer sends this server traffic); past it, 503 until the index catches up", 0, 1000000),
    Setting("sitemap_size", 50000, "int",
            "item pages per sitemap file; past it /sitemap.xml becomes an index of numbered files",
            1, 50000),
)
BY_NAME = {s.name: s for s in SETTINGS}


class Config:
    """The settings in effect: one attribute per row of ``SETTINGS``, plus ``sources``.

    ``Config(home=..., per_page=5)`` builds one directly (values are taken
    as given); ``load_settings`` builds one from the file and command line.
    """

    def __init__(self, **values):
        for setting in SETTINGS:
            setattr(self, setting.name, setting.default)
        self.home = default_home()
        self.sources = {}  # setting name -> where its value came from
        self.options = ()  # the --home/--store options as typed, for advice (Home.command)
        for name, value in values.items():
            if name not in BY_NAME:
                raise TypeError(f"unknown setting {name!r}")
            setattr(self, name, Path(value) if name == "home" else value)

    def __repr__(self):
        values = ", ".join(f"{s.name}={getattr(self, s.name)!r}" for s in SETTINGS)
        return f"Config({values})"

    def catalogue_home(self):
        """The ``Home`` these settings name: the home folder with its store (the home's own by default)."""
        return Home(self.home, store=self.store, options=self.options)


def _coerce(setting, value):
    """``value`` as the setting's kind; ``ValueError`` says why it does not fit."""
    if value is None:
        return setting.default
    if setting.kind == "int":
        return whole_number(value, setting.minimum, setting.maximum)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"must be text, not {type(value).__name__}")
    text = str(value).strip()
    if setting.kind == "choice" and text not in setting.choices:
        raise BadValue("not_a_choice", f'"{text}" is not one of {", ".join(setting.choices)}',
                       value=text, choices=list(setting.choices))
    if setting.kind == "store" and "://" in text and not text.startswith(STORE_SCHEMES):
        raise ValueError(f'"{shown_target(text)}" is not a file, sqlite:///path or postgresql:// URL')
    if setting.kind == "url" and text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f'"{text}" is not an http(s) address without query or fragment')
        text = text.rstrip("/")
    return text or setting.default


def read_settings_file(path):
    """The mapping in a settings.yaml (``{}`` when there is none).

    What can go wrong: bytes that are not UTF-8 or YAML that does not parse
    (``YAMLFileError`` naming the file and line), YAML that is not a mapping
    (``ConfigError`` naming the file).
    """
    path = Path(path)
    data = read_yaml(path, missing={})
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of setting: value")
    return data


def load_settings(home=None, overrides=None):
    """The settings in effect: defaults, then ``<home>/settings.yaml``, then the environment, then ``overrides``.

    ``overrides`` maps setting names to values (``None`` = not given), as
    from the command line. ``home`` may also come from ``overrides``.
    What can go wrong: ``ConfigError`` listing every bad setting.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    problems = []
    typed = _typed_options(overrides)
    home = overrides.pop("home", None) or home
    config = Config()
    if home:
        config.home = Path(home).expanduser()
    config.sources["home"] = "command line" if home else "default"
    config.options = typed
    settings_path = config.home / SETTINGS_FILE
    settings_file = read_settings_file(settings_path)
    layers = ((settings_file, str(settings_path)), *_environment(), (overrides, "command line"))
    for values, source in layers:
        for name, value in values.items():
            setting = BY_NAME.get(name)
            if setting is None or name == "home":
                problems.append(Problem(name, "unknown setting" if setting is None
                                        else "set the home with --home or CATALOGUE_HOME", source))
                continue
            try:
                value = _coerce(setting, value)
            except BadValue as exc:
                problems.append(exc.problem(name, source))
                continue
            except ValueError as exc:
                problems.append(Problem(name, str(exc), source))
                continue
            if setting.kind == "store" and value and values is settings_file:
                # A file path in settings.yaml means a file beside it, wherever the server starts.
                value = _beside(config.home, value)
            setattr(config, name, value)
            config.sources[name] = source
    if problems:
        shown = [_shown(p) for p in problems]
        if len(shown) == 1:
            raise ConfigError(f"bad setting {shown[0]}", problems, details=[])
        raise ConfigError(f"{counted(len(shown), 'bad setting')}:", problems, details=shown)
    return config


def _environment():
    """``({name: value}, "VARIABLE")`` for each setting set by its environment variable."""
    return [({s.name: os.environ[s.env]}, s.env) for s in SETTINGS
            if s.env and os.environ.get(s.env, "").strip()]


def _shown(problem):
    """One bad setting as the user gave it: ``--per-page: …`` or ``in FILE: per_page: …``."""
    setting = BY_NAME.get(problem.field)
    if problem.source == "command line" and setting is not None:
        return f"{setting.option}: {problem.message}"
    if setting is not None and problem.source == setting.env:
        return f"{setting.env}: {problem.message}"
    return f"in {problem.source}: {problem.field}: {problem.message}"


def _typed_options(overrides):
    """The --home/--store options the command line gave, as typed (a password hidden)."""
    options = []
    for setting in SETTINGS:
        value = overrides.get(setting.name)
        if setting.scope == "global" and value is not None:
            options += [setting.option, shown_target(value) if setting.kind == "store" else str(value)]
    return tuple(options)


def _beside(home, store):
    """``store`` with a relative file path taken as relative to ``home``."""
    if store.startswith(SERVER_SCHEMES):
        return store
    if store.startswith("sqlite:///"):
        return "sqlite:///" + _beside(home, store[len("sqlite:///"):])
    return str(home / Path(store).expanduser())


def add_global_arguments(parser, *, after_verb=False):
    """The options that say which catalogue (--home, --store), for every verb.

    ``after_verb``: for the verb's own parser, where a value given before the
    verb must not be reset (``SUPPRESS`` leaves it alone).
    """
    for setting in SETTINGS:
        if setting.scope != "global":
            continue
        extra = f"; here: {default_home()}" if setting.name == "home" else ""
        if setting.env:
            extra += f"; or the environment's {setting.env}"
        parser.add_argument(setting.option, dest=setting.name, metavar=setting.metavar,
                            default=argparse.SUPPRESS if after_verb else None,
                            help=f"{setting.help} (default: {setting.shown_default()}{extra})")


def add_arguments(parser):
    """One ``--option`` per setting of ``catalogue serve`` (values checked later)."""
    for setting in SETTINGS:
        if not setting.serve_option:
            continue
        extra = ""
        if setting.choices:
            extra = f"; one of {', '.join(setting.choices)}"
        parser.add_argument(setting.option, dest=setting.name, default=None,
                            metavar=setting.name.upper(),
                            help=f"{setting.help}{extra} (default: {setting.shown_default()})")


def overrides_from_args(args):
    """The settings the command line gave, for ``load_settings``."""
    return {s.name: getattr(args, s.name, None) for s in SETTINGS}


def markdown_table():
    """The settings as a Markdown table, for the README."""
    def cell(text):
        return str(text).replace("|", "\\|")

    rows = ["| Setting | Command line | Default | Meaning |",
            "|---|---|---|---|"]
    for s in SETTINGS:
        option = f"`{s.option}`"
        if s.scope == "global":
            option += " (every command)" + (", `CATALOGUE_HOME`" if s.name == "home" else "")
            option += f", `{s.env}`" if s.env else ""
        meaning = s.help
        if s.choices:
            meaning += f"; one of {', '.join(s.choices)}"
        default = s.shown_default()
        # In code style, so that "<home>" is not taken for an HTML tag.
        default = default if default == "(none)" else f"`{default}`"
        rows.append(f"| `{s.name}` | {option} | {cell(default)} | {cell(meaning)} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
