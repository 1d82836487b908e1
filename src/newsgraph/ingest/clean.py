"""Clean: raw text or HTML in, article text plus a list of what was removed.

HTML goes through trafilatura (paragraphs, title, date, author, site); then
the same line-level residue rules run on both kinds of input, because scraped
text has no markup left to tell a caption from a paragraph.

Two passes: each line on its own (`classify_line`), then a few rules that need
the neighbours: the headline-like lines under a bare "Read more" or
"Sponsored" header, the caption above a lone "Credit: ..." line, and (for
HTML) a headline repeated at the top of the body.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from newsgraph.document import Document, Removed
from newsgraph.lexicon import table
from newsgraph.limits import MAX_TEXT_CHARS

MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
         r"|august|september|october|november|december)")
RESIDUE_FILE = "residue.json"
WIDGET_FILE = "residue_widgets.json"
PART = re.compile(r"\{([A-Z]+)\}")  # "{CREDIT}" in a pattern; regex counts ("{2,70}") have no capitals

_I = re.I


class Rule(NamedTuple):
    reason: str
    pattern: re.Pattern[str]
    lowered: bool  # matched against the lower-cased line: much faster than re.I
    word_start: bool  # the pattern began with \b, checked by hand (see `_rx`)

    def matches(self, line: str, lowered: str) -> bool:
        text = lowered if self.lowered else line
        found = self.pattern.search(text)
        while found and self.word_start and found.start() and _is_word_char(text[found.start() - 1]):
            found = self.pattern.search(text, found.start() + 1)
        return found is not None


def _rx(reason: str, pattern: str, flags: int = _I) -> Rule:
    """A rule. Case-insensitive ones are compiled without re.I and see the lower-cased
    line, and a leading \b is checked by hand after a match: both let the regex
    engine jump straight to the rule's first letters instead of trying every
    position, which makes classifying a line several times faster."""
    word_start = pattern.startswith(r"\b")
    compiled = re.compile(pattern[2:] if word_start else pattern, flags & ~_I)
    return Rule(reason, compiled, bool(flags & _I), word_start)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def load_rules(data: dict | None = None) -> list[Rule]:
    """The residue rules of data/residue.json, in priority order, compiled."""
    data = data or table(RESIDUE_FILE)
    parts = data["parts"]
    return [_rx(rule["reason"], PART.sub(lambda m: parts[m.group(1)], rule["pattern"]),
                _I if "i" in rule["flags"] else 0)
            for rule in data["rules"]]


# Compiled once, at import; patterns see the stripped line.
RESIDUE_RULES: list[Rule] = load_rules()

QUOTE_OPENERS = "\"“‘'«„"
# Lines that say something about their neighbour: a credit under its caption,
# a video or gallery widget above its caption, a sponsor label above its advert.
STANDALONE_CREDIT = re.compile(r"^(?:photo|picture|image|photograph|pic)?\s*"
                               r"(?:credit|photo|picture|image|photograph|chart|graphic)s?\s*(?::|\.\.\.|…)\s*\S.{0,80}$", re.I)
MEDIA_MARKER = re.compile(r"^(?:\+\d+ )?(?:view|see|open) (?:the )?(?:gallery|slideshow|photos)\W*$|\bvideo player\b", re.I)
SPONSOR_HEADER = re.compile(r"^(?:sponsored(?: content| links?)?|promoted(?: content)?|paid content|partner content)\W*$", re.I)
# Words a dateline is made of ("Updated 6:12 PM GMT, July 14, 2025", "Published 3 hours ago").
DATE_TOKEN = re.compile(rf"^(?:\d{{1,8}}|\d{{1,2}}(?:st|nd|rd|th)|{MONTH}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?"
                        r"|am|pm|a|p|m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|mst|mdt|ist|aest|aedt|jst|et|pt"
                        r"|updated|published|posted|modified|issued|first|last|on|at|ago|just|now|hours?|hrs?|mins?|minutes?"
                        r"|seconds?|secs?|days?|weeks?|months?|years?|yesterday|today)$", re.I)
DATE_SIGNAL = re.compile(rf"\b(?:{MONTH}|\d{{1,2}}[:.]\d{{2}}|ago|(?:19|20)\d{{2}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}})\b", re.I)
DATELINE_MARK = re.compile(r"\d{1,2}[:.]\d{2}|\b(?:\d{1,2}\s*(?:am|pm|a\.m|p\.m)|updated|published|posted|modified"
                           r"|issued|ago)\b", re.I)
MONTH_WORD = re.compile(rf"\b{MONTH}\b", re.I)
TRAILING_BYLINE = re.compile(r"\s+(?:[|,-]\s*)?[Bb]y [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}$")
MENU_SEPARATORS = re.compile(r"\s+(?:/|»|›|>|\|)\s+")
LETTER_WORD = re.compile(r"[^\W\d_]+")


def _load_widgets() -> tuple[int, int, frozenset[str], dict[str, str]]:
    data = table(WIDGET_FILE)
    reasons = {word: reason for reason, words in data["words"].items() for word in words}
    return data["max_words"], data["max_chars"], frozenset(data["filler"]), reasons


WIDGET_WORDS, WIDGET_CHARS, WIDGET_FILLER, WIDGET_REASONS = _load_widgets()


def classify_line(line: str) -> str | None:
    """Return a residue reason for one stripped line, or None for article text."""
    if not line:
        return None
    lowered = line.lower()
    if line[0] in QUOTE_OPENERS and not _credit_tail(line, lowered):
        return None
    for rule in RESIDUE_RULES:
        if rule.matches(line, lowered):
            return rule.reason
    if _is_dateline(line):
        return "boilerplate"
    if _is_menu(line):
        return "navigation"
    return _widget_reason(lowered)


def _widget_reason(lowered: str) -> str | None:
    """A short label made only of widget words ("Print this page", "Jump to comments"):
    the reason of its last widget word."""
    if len(lowered) > WIDGET_CHARS:
        return None
    words = LETTER_WORD.findall(lowered)
    if not words or len(words) > WIDGET_WORDS:
        return None
    reason = None
    for word in words:
        if word in WIDGET_REASONS:
            reason = WIDGET_REASONS[word]
        elif word not in WIDGET_FILLER and len(word) > 1:
            return None
    return reason


def _credit_tail(line: str, lowered: str) -> bool:
    return any(rule.matches(line, lowered) for rule in RESIDUE_RULES if rule.reason == "caption")


def _is_dateline(line: str) -> bool:
    """A short line made only of a date, a time and words like "Updated"."""
    if len(line) > 90 or not DATE_SIGNAL.search(line):
        return False
    line = TRAILING_BYLINE.sub("", line)  # "5:45 AM PST 11/19/2019 by Jane Doe"
    words = re.findall(r"[^\W_]+", line)
    if sum(1 for word in words if not DATE_TOKEN.match(word)) > 1:
        return False
    # A bare "March 2020" may be a subheading in a timeline; a dateline has a time,
    # a word like "Updated", or a full day-month-year date.
    numbers = sum(1 for word in words if word.isdigit())
    return bool(DATELINE_MARK.search(line)) or numbers >= 3 or (numbers >= 2 and bool(MONTH_WORD.search(line)))


def _is_menu(line: str) -> bool:
    """A breadcrumb ("Home / World / ...") or a menu ("Fixtures | Results | Tables")."""
    if line.startswith("|"):
        return False  # a table row, as trafilatura renders tables
    parts = MENU_SEPARATORS.split(line)
    if len(parts) < 2:
        return False
    if parts[0].strip().lower() in ("home", "homepage", "start", "news"):
        return len(parts) >= 3 or len(parts[1].split()) <= 3  # "Home » World"
    if len(parts) < 3:
        return False
    return line[-1] not in ".!?\"”" and all(len(part.split()) <= 4 for part in parts)


def _headline_like(line: str) -> bool:
    """Short and without closing punctuation: a linked headline, not a sentence."""
    return len(line) <= 130 and line[-1] not in ".!?\"”’:;" and line[0] not in QUOTE_OPENERS


def _bare_header(line: str) -> bool:
    return not re.search(r"[:|>»–—-]\s*\S", line)


def classify_lines(lines: list[str], title: str | None = None) -> list[str | None]:
    """Reasons for a list of stripped, non-empty lines, using their neighbours."""
    reasons = [classify_line(line) for line in lines]
    for i, line in enumerate(lines):
        follows = lines[i + 1] if i + 1 < len(lines) else ""
        if reasons[i] == "related" and _bare_header(line):
            _claim(lines, reasons, i + 1, "related", limit=6)
        elif SPONSOR_HEADER.match(line):
            _claim(lines, reasons, i + 1, "advert", limit=1)
        elif MEDIA_MARKER.search(line):
            _claim(lines, reasons, i + 1, "caption", limit=1)
        if reasons[i] is None and STANDALONE_CREDIT.match(follows) and len(line) <= 200 \
                and line[0] not in QUOTE_OPENERS:
            reasons[i] = "caption"  # the caption above its own credit line
    if title:
        _mark_repeated_title(lines, reasons, title)
    return reasons


def _claim(lines: list[str], reasons: list[str | None], start: int, reason: str, limit: int) -> None:
    """Mark the headline-like lines right under a header as the header's kind."""
    for j in range(start, min(start + limit, len(lines))):
        if reasons[j] is not None or not _headline_like(lines[j]):
            return
        reasons[j] = reason


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _mark_repeated_title(lines: list[str], reasons: list[str | None], title: str) -> None:
    """The headline repeated at the top of the body, give or take a site suffix or a reworded word."""
    wanted = _words(title)
    for i, line in enumerate(lines[:3]):
        seen = _words(line)
        if reasons[i] is None and len(seen) >= 3 and _headline_like(line) and _same_headline(seen, wanted):
            reasons[i] = "boilerplate"
            return


def _same_headline(seen: list[str], wanted: list[str]) -> bool:
    if seen == wanted[: len(seen)]:
        return True  # "Headline" against "Headline | Site name"
    shared = len(set(seen) & set(wanted))
    return shared >= 0.7 * len(set(seen)) and shared >= 0.7 * len(set(wanted))


def clean_lines(raw_lines: list[str], first_line: int | None = 1,
                title: str | None = None) -> tuple[list[str], list[Removed]]:
    numbered = _within_budget((offset, raw.strip()) for offset, raw in enumerate(raw_lines) if raw.strip())
    reasons = classify_lines([line for _, line in numbered], title)
    kept, removed = [], []
    for (offset, line), reason in zip(numbered, reasons):
        if reason:
            number = first_line + offset if first_line is not None else None
            removed.append(Removed(reason=reason, text=line, line=number))
        else:
            kept.append(_squash(line))
    return kept, removed


def _within_budget(numbered) -> list[tuple[int, str]]:
    """The lines that can reach the clean text: it is cut at MAX_TEXT_CHARS anyway, and
    classifying the rest of a huge input would only cost time."""
    kept, size = [], 0
    for item in numbered:
        kept.append(item)
        size += len(item[1]) + 1
        if size > MAX_TEXT_CHARS * 1.25:
            break
    return kept


def _squash(line: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", line)


def clean_document(doc: Document) -> Document:
    raw = doc.raw if isinstance(doc.raw, str) else ""
    if doc.raw_kind == "html":
        from newsgraph.ingest.html import extract_html

        paragraphs = extract_html(raw, doc)
        kept, removed = clean_lines(paragraphs, first_line=None, title=doc.title)
    else:
        kept, removed = clean_lines(raw.splitlines())
    doc.text = "\n".join(kept)[:MAX_TEXT_CHARS]
    doc.removed = removed
    return doc
