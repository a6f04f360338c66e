"""``catalogue user …``: staff accounts and their API tokens from the server's shell.

``user add NAME --body BODY [--role editor|reviewer|admin]`` (an admin is
site-wide: no ``--body``), ``user passwd NAME``, ``user list [--json]``,
``user disable NAME``, ``user token NAME [--label TEXT]`` (the new token on
standard output, one line and nothing else), ``user tokens NAME [--json]``
(never the tokens themselves) and ``user revoke NAME TOKEN_ID``.

A password is read from standard input (its first line) when that is not a
terminal, so scripts can make accounts; at a terminal it is asked for twice,
without echo. Every rule and every write is ``catalogue.accounts``'s, which
audits each change; the actor is ``catalogue user`` and the address says
the shell and the operating-system user who ran it.

What can go wrong: a bad name, body or password (``ValidationError`` naming
the field, exit 1), a name taken or a user disabled already (``Conflict``),
an unknown user or token (``NotFound``); flags that do not go together
(``--body`` for an admin, none for an editor) are usage errors (exit 2).
"""

import getpass
import json
import sys
import unicodedata

from catalogue import accounts
from catalogue.errors import Conflict, NotFound, Problem, ValidationError
from catalogue.passwords import check_strength
from web.cli_verbs import add_actions, arg, command, home_of

ACTOR = "catalogue user"


def shell_address():
    """Where a command-line change comes from: the shell, and who ran it."""
    try:
        return f"shell:{getpass.getuser()}"
    except Exception:   # no login name in the environment or the password database
        return "shell"


def _changed_by():
    return {"actor": ACTOR, "address": shell_address()}


# -- reading a password ---------------------------------------------------------

def read_password(name):
    """The new password for ``name``: one line of standard input, or asked twice at a terminal.

    What can go wrong: ``ValidationError`` naming ``password`` (none given,
    too short, the two entries differ).
    """
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise ValidationError([Problem("password", "none was given: write it as one line "
                                                       "on standard input")])
        password = line.rstrip("\r\n")
        check_strength(password)
        return password
    password = getpass.getpass(f"password for {name}: ")
    check_strength(password)    # before asking again: a short one is refused at once
    if getpass.getpass("the same password again: ") != password:
        raise ValidationError([Problem("password", "the two entries differ; nothing was changed")])
    return password


# -- printing -------------------------------------------------------------------

def _width(text):
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers, rows):
    """Rows under headers, each column as wide as its widest cell ("-" for nothing)."""
    rows = [["-" if cell in (None, "") else str(cell) for cell in row] for row in rows]
    widths = [max(_width(cell) for cell in column) for column in zip(headers, *rows)]
    for row in [list(headers), *rows]:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)]
        print("  ".join(cells).rstrip())


def print_json(data):
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _user_json(user):
    return {key: user[key] for key in ("name", "role", "body", "disabled", "disabled_at", "created",
                                       "password_changed")}


def _token_json(token):
    return {key: token[key] for key in ("id", "label", "created", "last_used", "revoked",
                                        "revoked_at")}


def _who(user):
    return f"{user['role']} {user['name']}" + (f" of {user['body']}" if user["body"] else " (site-wide)")


# -- the actions ----------------------------------------------------------------

def user_add(args, store):
    role = args.role
    if role == "admin" and args.body:
        args.action_parser.error("an admin is site-wide: give no --body")
    if role != "admin" and not args.body:
        who = "an editor" if role == "editor" else "a reviewer"
        args.action_parser.error(f"--body BODY is required for {who}")
    # Everything but the password is checked first, so nobody types one for nothing.
    name = accounts.clean_name(args.name)
    if accounts.get_user(store, name) is not None:
        raise Conflict(f'name: "{name}" is already a user')
    if args.body and store.resolve_body(args.body) is None:
        raise ValidationError([Problem("body", f'"{args.body}" is not in the body registry '
                                               "(full name, short name or code)")])
    user = accounts.add_user(store, name, read_password(name), role=role, body=args.body,
                             **_changed_by())
    print(f"added {_who(user)}")


def user_passwd(args, store):
    user = store_user(store, args.name)
    accounts.set_password(store, user["name"], read_password(user["name"]), **_changed_by())
    print(f"changed the password of {user['name']}; their open sessions were ended")


def user_list(args, store):
    users = accounts.list_users(store)
    if args.json:
        print_json([_user_json(u) for u in users])
        return
    print_table(("name", "role", "body", "disabled", "created"),
                [(u["name"], u["role"], u["body"], u["disabled_at"] or "no", u["created"])
                 for u in users])


def user_disable(args, store):
    user = accounts.disable_user(store, args.name, **_changed_by())
    print(f"disabled {user['name']}: their sessions were ended, and they can no longer "
          "log in or use their API tokens")


def user_token(args, store):
    made = accounts.create_token(store, args.name, label=args.label, **_changed_by())
    print(made["token"])
    if sys.stderr.isatty():     # for the person at the terminal; scripts read stdout only
        print(f"token {made['id']} of {made['user']}: it is shown this once; keep it safe",
              file=sys.stderr)


def user_tokens(args, store):
    tokens = accounts.list_tokens(store, args.name)
    if args.json:
        print_json([_token_json(t) for t in tokens])
        return
    print_table(("id", "label", "created", "last used", "revoked"),
                [(t["id"], t["label"], t["created"], t["last_used"], t["revoked_at"] or "no")
                 for t in tokens])


def user_revoke(args, store):
    user = store_user(store, args.name)
    token = accounts.revoke_token(store, user["name"], args.token_id, **_changed_by())
    label = f" ({token['label']})" if token["label"] else ""
    print(f"revoked token {token['id']}{label} of {user['name']}")


def store_user(store, name):
    """The user ``name``, or ``NotFound`` (before a password is asked for)."""
    user = accounts.get_user(store, name)
    if user is None:
        raise NotFound(f'user: "{name}" is not a user')
    return user


_NAME = arg("name", metavar="NAME", help="the account's user name")
_JSON = arg("--json", action="store_true", help="print a JSON list instead of a table")

# action -> (function, help, arguments)
ACTIONS = {
    "add": (user_add, "make an account; the password is read from standard input, or asked for "
                      "twice at a terminal",
            (_NAME,
             arg("--body", metavar="BODY",
                 help="the body the account works for, with all bodies under it (full name, short "
                      "name or code); required for an editor or reviewer, none for an admin"),
             arg("--role", choices=accounts.ROLES, default="editor",
                 help="editor (default): drafts, edits, submits; reviewer: also approves, rejects, "
                      "withdraws; admin: everything, site-wide"))),
    "passwd": (user_passwd, "give an account a new password (read as for add); its sessions end",
               (_NAME,)),
    "list": (user_list, "list the accounts: name, role, body, disabled, created", (_JSON,)),
    "disable": (user_disable, "disable an account: no login, no API token; its sessions end",
                (_NAME,)),
    "token": (user_token, "make an API token; printed once, on one line of standard output",
              (_NAME, arg("--label", metavar="TEXT", help="what the token is for, e.g. an integration"))),
    "tokens": (user_tokens, "list an account's API tokens (never the tokens themselves)",
               (_NAME, _JSON)),
    "revoke": (user_revoke, "revoke one of an account's API tokens by its id (see `user tokens`)",
               (_NAME, arg("token_id", metavar="TOKEN_ID", help="the token's id"))),
}


def configure(parser):
    """``user ACTION …``: one sub-parser per action; --home and --store may follow it too."""
    add_actions(parser, ACTIONS, "user_action", "user")


@command("user", "staff accounts and their API tokens: add, passwd, list, disable, token, "
                 "tokens, revoke", configure=configure)
def cmd_user(args):
    run = ACTIONS[args.user_action][0]
    with home_of(args).open_store() as store:
        run(args, store)
