"""Name matching: normalisation of place and actor names, and close-match suggestions.

Names in this region are transliterated many ways (Albukamal, Abu Kamal, Al-Bukamal;
al-Qa'im, Al Qaim). Matching is case-, accent- and punctuation-insensitive.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import CorridorError, UnknownNameError

__all__ = ["normalize_name", "name_words", "has_words", "NameIndex"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Return the matching key of a name: accents stripped, case folded, punctuation removed.

    >>> normalize_name("Al-Qa'im") == normalize_name("al qaim")
    True
    """
    return _NON_ALNUM.sub("", _folded(name))


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name as :func:`normalize_name` reads them ("M1 (Homs–Tartus)" ->
    ("m1", "homs", "tartus"))."""
    return tuple(w for w in _NON_ALNUM.split(_folded(name)) if w)


def _folded(name: str) -> str:
    """``name`` with its accents stripped and its case folded."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def has_words(name: str, words: tuple[str, ...]) -> bool:
    """Whether ``words`` occur in ``name`` as whole words, in order and together."""
    have, n = name_words(name), len(words)
    return n > 0 and any(have[i : i + n] == words for i in range(len(have) - n + 1))


class NameIndex:
    """Look up ids by id, name or alias; suggest close names for unknown ones.

    Parameters
    ----------
    entries : iterable of (id, display name, aliases) or (id, display name, aliases, rank)
        When entries of different rank share a name, the lower rank wins (e.g. towns, rank 0,
        before crossings, rank 1); when entries of the same rank share an alias, the alias is
        ambiguous and looking it up raises, listing the candidates.
    what : str
        What the ids are, for error messages ("place", "actor", ...).
    listing : str, optional
        Where the user finds them all, added to the message for an unknown name.
    """

    def __init__(self, entries: Iterable[tuple[Any, ...]], *, what: str, listing: str = ""):
        self.what = what
        self.listing = listing
        self._display: dict[str, str] = {}
        # exact ids win over names, names over aliases
        self._by_id: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        self._by_alias: dict[str, str] = {}
        self._ambiguous: dict[str, set[str]] = {}
        alias_rank: dict[str, int] = {}
        for entry in entries:
            ident, display, aliases = entry[:3]
            rank = entry[3] if len(entry) > 3 else 0
            self._display[ident] = display
            self._by_id.setdefault(normalize_name(ident), ident)
            self._by_name.setdefault(normalize_name(display), ident)
            for alias in aliases or ():
                key = normalize_name(alias)
                if key not in self._by_alias:
                    self._by_alias[key], alias_rank[key] = ident, rank
                elif self._by_alias[key] != ident and alias_rank[key] == rank:
                    self._ambiguous.setdefault(key, {self._by_alias[key]}).add(ident)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    @property
    def ids(self) -> list[str]:
        return list(self._display)

    def get(self, name: str) -> str | None:
        """Return the id for ``name``, or None (also for what is not text)."""
        if not isinstance(name, str):
            return None
        if name in self._display:
            return name
        key = normalize_name(name)
        for table in (self._by_id, self._by_name):
            if key in table:
                return table[key]
        if key in self._ambiguous:
            return None
        return self._by_alias.get(key)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Return up to ``n`` display names close to ``name``, best first."""
        keys: Mapping[str, str] = {**self._by_alias, **self._by_name, **self._by_id}
        close = difflib.get_close_matches(normalize_name(name), list(keys), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for key in close:
            display = self._display[keys[key]]
            if display not in out:
                out.append(display)
        return out[:n]

    def resolve(self, name: str) -> str:
        """Return the id for ``name`` or raise :class:`UnknownNameError` with suggestions."""
        if not isinstance(name, str):
            raise CorridorError(f"a {self.what} is given by its id or name as text, got {name!r}")
        ident = self.get(name)
        if ident is not None:
            return ident
        candidates = self._ambiguous.get(normalize_name(name))
        if candidates:
            names = sorted(self._display[c] for c in candidates)
            raise UnknownNameError(
                f"{self.what} {name!r} is ambiguous: it names {' and '.join(map(repr, names))}; give one of them",
                name=name,
                suggestions=names,
            )
        suggestions = self.suggest(name)
        if suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        else:
            examples = ", ".join(repr(self._display[i]) for i in self.ids[:6])
            hint = f"known {self.what}s include {examples}"
        if self.listing:
            hint += f" ({self.listing})"
        raise UnknownNameError(
            f"no {self.what} {name!r}; {hint}", name=name, suggestions=suggestions
        )

    def display(self, ident: str) -> str:
        return self._display[ident]
