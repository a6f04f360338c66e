"""Which Host header may go into absolute links: the ``allowed_hosts`` setting.

Feeds, the sitemap, OpenSearch, robots.txt and the OpenAPI ``servers`` need
absolute links. With ``base_url`` set they use it; without it they are built
from the request, and a visitor (or a cache poisoner) may send any Host or
X-Forwarded-Host header. ``base_for`` uses the request's host only when it is
allowed, and otherwise the first allowed host, so a forged name never reaches
a document another visitor or a crawler is served.

What can go wrong: nothing raises; a Host header that is not a host name
(``evil.org/x``, ``a@b``) counts as not allowed.
"""

import re
import socket

# Every interface: the names it answers to are not known from the address.
_WILDCARDS = ("", "0.0.0.0", "::", "[::]")
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
# A host name or a bracketed IPv6 address, then an optional port: nothing else.
_NETLOC = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _bracketed(host):
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(setting, listen_host):
    """The allowed host names, lower case, the one links fall back on first.

    ``setting`` is the text of ``allowed_hosts`` (names separated by commas
    or spaces; ``.example.org`` allows example.org and every name below it);
    empty: the host the server listens on (this machine's name when it
    listens on every interface), then the loopback names.
    """
    names = [name.lower() for name in re.split(r"[,\s]+", setting or "") if name]
    if names:
        return tuple(_bracketed(name) for name in names)
    listen = (listen_host or "").strip().lower()
    first = [socket.gethostname().lower()] if listen in _WILDCARDS else [_bracketed(listen)]
    return tuple(dict.fromkeys(first + list(LOOPBACK)))


def _allows(allowed, host):
    return any(host == name or (name.startswith(".") and (host == name[1:] or host.endswith(name)))
               for name in allowed)


def base_for(allowed, scheme, netloc, server_port):
    """``scheme://host[:port]`` for links: ``netloc`` when its host is allowed, else the first allowed host."""
    scheme = scheme if scheme in _DEFAULT_PORTS else "http"
    match = _NETLOC.fullmatch(netloc or "")
    if match and _allows(allowed, match.group(1).lower()):
        host, port = match.group(1), (match.group(2) or "")[1:]
    else:
        host, port = allowed[0].lstrip("."), str(server_port or "")
    if port and port != _DEFAULT_PORTS[scheme]:
        host += ":" + port
    return f"{scheme}://{host}"
