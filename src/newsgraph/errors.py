"""Errors with stable codes, so users (and tests) can tell failures apart.

NG1xx: the input cannot be read; NG2xx: a stage failed on a document;
NG3xx: the store. The message is one line, meant for a person.
"""
from __future__ import annotations


class NewsgraphError(Exception):
    code = "NG000"

    def __init__(self, message: str, *, ref: str | None = None):
        super().__init__(message)
        self.message = message
        self.ref = ref

    def __str__(self) -> str:
        where = f" [{self.ref}]" if self.ref else ""
        return f"{self.code}{where}: {self.message}"


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
