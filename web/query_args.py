"""``catalogue search -征地``: query words that start with a dash, before argparse sees them.

The query language writes NOT as ``-word``, but argparse takes any argument
that starts with a dash for an option and stops with "unrecognized
arguments" (exit status 2). ``query_words_last`` rewrites the command line
of one verb so that argparse reads its query as the query:

- an argument starting with ``--`` is an option (argparse judges unknown ones);
- one starting with a single dash is an option only if the verb has it
  exactly (``-h``); otherwise it is a query word (``-征地``, ``-2012``);
- the value of an option that takes one is joined to it (``--sort=-date``),
  so a value starting with a dash is a value, not an option;
- everything after ``--`` is query text, as for any Unix tool;
- the query words go last, after a ``--`` of their own, in the order typed.

Options before the verb (``--home DIR``) are skipped the same way to find
the verb. What can go wrong: nothing here; argparse still reports a bad
option, a missing value or an unknown verb.
"""


def _flags(parser):
    """Each option string of ``parser``, and whether it takes a value (every option here takes one or none)."""
    # argparse keeps its actions in ``_actions``; it has no public list of them.
    return {flag: action.nargs != 0 for action in parser._actions for flag in action.option_strings}


def _resolve(text, flags):
    """The option ``text`` names: itself, or the one long option it abbreviates (argparse allows that)."""
    name = text.split("=", 1)[0]
    if name in flags or not name.startswith("--"):
        return name
    matches = [flag for flag in flags if flag.startswith(name)]
    return matches[0] if len(matches) == 1 else name


def _verb_at(argv, flags):
    """The position of the verb in ``argv`` (skipping options and their values), or ``None``."""
    i = 0
    while i < len(argv):
        text = argv[i]
        if text == "--" or not text.startswith("-") or text == "-":
            return None if text == "--" else i
        takes_value = flags.get(_resolve(text, flags)) and "=" not in text
        i += 2 if takes_value else 1
    return None


def query_words_last(argv, parser, verb, verb_parser):
    """``argv`` with the query words of ``verb`` moved behind a ``--``; other verbs' as they were.

    ``parser`` is the top-level parser (for the options before the verb),
    ``verb_parser`` the verb's own.
    """
    at = _verb_at(argv, _flags(parser))
    if at is None or argv[at] != verb:
        return list(argv)
    flags = _flags(verb_parser)
    options, words = [], []
    rest = argv[at + 1:]
    i = 0
    while i < len(rest):
        text = rest[i]
        if text == "--":
            words += rest[i + 1:]
            break
        flag = _resolve(text, flags)
        if not text.startswith("--") and flag not in flags:
            words.append(text)          # a word, or -word: leave out items with it
        elif flags.get(flag) and "=" not in text and i + 1 < len(rest):
            options.append(f"{text}={rest[i + 1]}")
            i += 1
        else:
            options.append(text)
        i += 1
    return [*argv[:at + 1], *options, *(["--", *words] if words else [])]
