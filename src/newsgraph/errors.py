"""Errors with stable codes, so users (and tests) can tell failures apart.

NG1xx: the input cannot be read; NG2xx: a stage failed on a document;
NG3xx: the store. The message is one line, meant for a person.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides
# that can make a terminal show text in another order than it was written.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """`text` safe for one terminal line: newlines, escape sequences and other controls
    become visible escapes (`\\n`, `\\x1b`), and bytes that are not UTF-8 stay escaped."""
    text = str(text)
    if not text.isprintable():
        text = _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), m.group().encode("unicode_escape").decode()), text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class NewsgraphError(Exception):
    code = "NG000"

    def __init__(self, message: str, *, ref: str | None = None):
        super().__init__(message)
        self.message = message
        self.ref = ref

    def __str__(self) -> str:
        """One printable line, whatever a file name, URI or input put into it."""
        where = f" [{printable(self.ref)}]" if self.ref else ""
        return f"{self.code}{where}: {printable(self.message)}"


class InputError(NewsgraphError):
    code = "NG100"


class EmptyInput(InputError):
    code = "NG101"


class BinaryInput(InputError):
    code = "NG102"


class InputTooLarge(InputError):
    code = "NG103"


class MalformedInput(InputError):
    code = "NG104"


class FetchRefused(InputError):
    code = "NG105"


class FetchFailed(InputError):
    code = "NG106"


class StageError(NewsgraphError):
    code = "NG200"


class StoreError(NewsgraphError):
    code = "NG300"
