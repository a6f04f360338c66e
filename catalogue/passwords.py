"""Password hashing: scrypt with a random salt, compared in constant time.

A stored hash reads ``scrypt$n$r$p$salt_hex$hash_hex``, so the cost can be
raised later and old hashes still check. Passwords are never logged,
returned or stored in clear; only ``hash_password`` sees them.

What can go wrong: ``ValidationError`` naming ``password`` for one shorter
than ``MIN_LENGTH`` (or not text); a malformed stored hash checks as wrong.
"""

import hashlib
import hmac
import secrets

from .errors import Problem, ValidationError

MIN_LENGTH = 12
# n=2**14, r=8: 16 MiB and some 50 ms a check, OWASP's floor for scrypt.
N, R, P = 2 ** 14, 8, 1
SALT_BYTES = 16
_MAXMEM = 64 * 1024 * 1024


def check_strength(password):
    """Refuse a password that is not text or is shorter than ``MIN_LENGTH`` characters."""
    if not isinstance(password, str):
        raise ValidationError([Problem("password", "must be text")])
    if len(password) < MIN_LENGTH:
        raise ValidationError([Problem("password", f"is {len(password)} characters; "
                                                   f"at least {MIN_LENGTH} are needed")])


def _scrypt(password, salt, n, r, p):
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM)


def hash_password(password):
    """The stored form of ``password`` (checked for length first)."""
    check_strength(password)
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt${N}${R}${P}${salt.hex()}${_scrypt(password, salt, N, R, P).hex()}"


def verify_password(password, stored):
    """True when ``password`` is the one ``stored`` was made from."""
    try:
        scheme, n, r, p, salt, expected = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        got = _scrypt(password or "", bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(got, bytes.fromhex(expected))
    except ValueError:
        return False


# Checked when the user name is unknown, so that answering takes as long as
# for a known one and the timing does not tell which names exist. Made on
# first use: importing the module stays free.
_dummy = []


def waste_time(password):
    """Spend what ``verify_password`` would, for a user that does not exist; always False."""
    if not _dummy:
        _dummy.append(hash_password("x" * MIN_LENGTH))
    verify_password(password, _dummy[0])
    return False
