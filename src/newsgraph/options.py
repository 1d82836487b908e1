"""One options object for every entry point: the CLI, the Python API, batch, Spark and the web.

Build it from keyword arguments (`Options(published="2024-05-01")`), from the
environment (`Options.from_env()`, variables named ``NEWSGRAPH_<FIELD>``), or both
(`Options.from_env(allow_private=True)`: keywords win). CLI flags pass keywords, so
the three ways meet in one place and mean the same thing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Mapping

from newsgraph.errors import InputError
from newsgraph.limits import MAX_SECONDS_PER_DOCUMENT

ON_STAGE_ERROR = ("raise", "skip")  # raise: the document fails; skip: the stage's output stays empty
PARSE = ("full", "selective")  # full: the parser on every sentence; selective: where a stage needs it
ENV_PREFIX = "NEWSGRAPH_"
# The per-document limit kept its old variable name; the others follow the prefix rule.
ENV_NAMES = {"document_seconds": "NEWSGRAPH_DOC_SECONDS"}


@dataclass(frozen=True)
class Options:
    published: str | None = None        # YYYY-MM-DD that relative dates resolve against
    allow_private: bool = False         # may URLs resolve to private or loopback addresses
    document_seconds: float = MAX_SECONDS_PER_DOCUMENT  # 0 turns the limit off
    event_model: str | None = "default"  # "default" (shipped), a path to a model JSON, or None (rules only)
    on_stage_error: str = "raise"
    parse: str = "full"                 # one of PARSE (newsgraph.nlp.parse; docs/scale.md)

    def __post_init__(self) -> None:
        if self.published is not None:
            try:
                object.__setattr__(self, "published", date.fromisoformat(str(self.published)).isoformat())
            except ValueError:
                raise InputError(f"published must be a date YYYY-MM-DD, got {self.published!r}") from None
        if self.on_stage_error not in ON_STAGE_ERROR:
            raise InputError(f"on_stage_error must be one of {', '.join(ON_STAGE_ERROR)}, got {self.on_stage_error!r}")
        if self.parse not in PARSE:
            raise InputError(f"parse must be one of {', '.join(PARSE)}, got {self.parse!r}")
        seconds = float(self.document_seconds)
        object.__setattr__(self, "document_seconds", seconds if seconds > 0 else 0.0)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Options":
        """Options from NEWSGRAPH_* variables, then the keyword overrides (None means: not given)."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(ENV_NAMES.get(f.name, ENV_PREFIX + f.name.upper()), "").strip()
            if raw:
                values[f.name] = _coerce(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def but(self, **changes) -> "Options":
        """A copy with some fields changed."""
        return replace(self, **changes)


def _coerce(name: str, raw: str):
    if name == "allow_private":
        return raw.lower() in ("1", "true", "yes", "on")
    if name == "document_seconds":
        try:
            return float(raw)
        except ValueError:  # an unreadable limit keeps the default, as it always did
            return MAX_SECONDS_PER_DOCUMENT
    if name == "event_model" and raw.lower() in ("none", "rules"):
        return None
    if name == "parse":
        return raw.lower()
    return raw
