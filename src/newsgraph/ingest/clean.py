"""Clean: raw text or HTML in, article text plus a list of what was removed.

HTML goes through trafilatura (paragraphs, title, date, author, site); then
the same line-level residue rules run on both kinds of input, because scraped
text has no markup left to tell a caption from a paragraph.

Two passes: each line on its own (`classify_line`), then a few rules that need
the neighbours: the headline-like lines under a bare "Read more" or
"Sponsored" header, the caption above a lone "Credit: ..." line (when it reads
like a caption), and (for HTML) a headline repeated at the top of the body.

A line on its own is residue when a rule of data/residue.json matches it, when it
is a dateline or a byline with a date, a menu, a label made of widget words, or a
note that is residue once its brackets, its bullet or icon are taken off, or whose
every sentence is residue.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from newsgraph.document import Document, Removed
from newsgraph.ingest.residue_model import model_reasons
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
    needs: tuple[str, ...] = ()  # the lower-cased line must hold one of these for a match

    def matches(self, line: str, lowered: str) -> bool:
        if self.needs and not any(need in lowered for need in self.needs):
            return False
        text = lowered if self.lowered else line
        found = self.pattern.search(text)
        while found and self.word_start and found.start() and _is_word_char(text[found.start() - 1]):
            found = self.pattern.search(text, found.start() + 1)
        return found is not None


def _rx(reason: str, pattern: str, flags: int = _I, needs: tuple[str, ...] = ()) -> Rule:
    """A rule. Case-insensitive ones are compiled without re.I and see the lower-cased
    line, and a leading \b is checked by hand after a match: both let the regex
    engine jump straight to the rule's first letters instead of trying every
    position, which makes classifying a line several times faster."""
    word_start = pattern.startswith(r"\b")
    compiled = re.compile(pattern[2:] if word_start else pattern, flags & ~_I)
    return Rule(reason, compiled, bool(flags & _I), word_start, needs)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def load_rules(data: dict | None = None) -> list[Rule]:
    """The residue rules of data/residue.json, in priority order, compiled."""
    data = data or table(RESIDUE_FILE)
    parts = data["parts"]
    return [_rx(rule["reason"], PART.sub(lambda m: parts[m.group(1)], rule["pattern"]),
                _I if "i" in rule["flags"] else 0, tuple(rule.get("needs", ())))
            for rule in data["rules"]]


def _source(rule: Rule) -> str:
    return (r"\b" if rule.word_start else "") + rule.pattern.pattern


def _is_anchored(rule: Rule) -> bool:
    return rule.lowered and _source(rule).startswith("^")


# Compiled once, at import; patterns see the stripped line.
RESIDUE_RULES: list[Rule] = load_rules()
# The rules anchored at the line's start are tried together first: one search of their
# alternation costs a third of trying them one by one, and on article lines it fails.
# The rest (anchored anywhere, or case-sensitive) are faster on their own.
ANCHORED_GATE = re.compile("|".join(f"(?:{_source(rule)})" for rule in RESIDUE_RULES if _is_anchored(rule)))
UNANCHORED_RULES = [rule for rule in RESIDUE_RULES if not _is_anchored(rule)]

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
YOU_ARE_HERE = re.compile(r"^you are here\s*:\s*", re.I)
BYLINE_SEPARATORS = re.compile(r"\s+[|•·–—]\s+")
BYLINE_NAME = re.compile(r"^(?:[Bb]y:? )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?:,? (?:and|&) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})?$")
BRACKETS = {"(": ")", "[": "]"}
BULLETS = frozenset("•·‣◦►▶▸▹▷→⇒➤➔➜»›«‹←*■▪◆●○✓✔☞")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
MAX_NOTE_CHARS = 220  # residue notes of several sentences are short; article paragraphs are not tried
BYLINE_LEAD = re.compile(r"^(?:[Bb]y|(?:[Ww]ritten|[Pp]osted|[Pp]ublished) by):? [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\b(?=\s+(?:on|at)\b)")
LETTER_WORD = re.compile(r"[^\W\d_]+")


def _load_widgets() -> tuple[int, int, frozenset[str], dict[str, str]]:
    data = table(WIDGET_FILE)
    reasons = {word: reason for reason, words in data["words"].items() for word in words}
    return data["max_words"], data["max_chars"], frozenset(data["filler"]), reasons


WIDGET_WORDS, WIDGET_CHARS, WIDGET_FILLER, WIDGET_REASONS = _load_widgets()
_CAPTION = table(RESIDUE_FILE)["caption_above_credit"]
CAPTION_MAX_CHARS, NOT_A_CAPTION = _CAPTION["max_chars"], re.compile(_CAPTION["not"])


def classify_line(line: str) -> str | None:
    """Return a residue reason for one stripped line, or None for article text."""
    if not line:
        return None
    lowered = line.lower()
    if line[0] in QUOTE_OPENERS and not _is_arrow(line) and not _credit_tail(line, lowered):
        return None
    rules = RESIDUE_RULES if ANCHORED_GATE.search(lowered) else UNANCHORED_RULES
    for rule in rules:
        if rule.matches(line, lowered):
            return rule.reason
    if _is_dateline(line) or _is_byline_with_date(line):
        return "boilerplate"
    if _is_menu(line):
        return "navigation"
    return _widget_reason(lowered) or _bracketed_reason(line) or _marked_reason(line) or _sentences_reason(line) \
        or _labelled_reason(line)


def _labelled_reason(line: str) -> str | None:
    """A widget label and a linked headline ("Also of interest: How ferries are inspected"):
    the label's reason, when the label alone is a widget label and the rest reads like a headline."""
    label, colon, rest = line.partition(":")
    rest = rest.strip()
    if not colon or len(label) > 30 or not rest[:1].isupper() or not _headline_like(rest):
        return None
    return _widget_reason(label.strip().lower())


def _is_arrow(line: str) -> bool:
    """A guillemet followed by a space points ("« Previous page"); one that opens a quote does not."""
    return line[0] in "«‹" and line[1:2] == " "


def _sentences_reason(line: str) -> str | None:
    """A short line of several sentences, each residue on its own ("Comments are
    moderated. Please keep them civil."): the first sentence's reason."""
    if len(line) > MAX_NOTE_CHARS:
        return None
    sentences = SENTENCE_END.split(line)
    if len(sentences) < 2:
        return None
    reasons = []
    for sentence in sentences:
        reason = classify_line(sentence.strip())
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0]


def _marked_reason(line: str) -> str | None:
    """A widget label behind a bullet, an arrow or an icon ("► Listen to this article",
    "→ Read more: ..."): the label's reason. Dashes stay, as they mark captions of their own."""
    start = 0
    while start < len(line) and _is_mark(line[start]):
        start += 1
    rest = line[start:].strip()
    return classify_line(rest) if 0 < start and rest else None


def _is_mark(char: str) -> bool:
    """Bullets, arrows and pictographs; not the "|" of a table row or the dash of a caption."""
    return char in BULLETS or char.isspace() or unicodedata.category(char) in ("So", "Cf")


def _bracketed_reason(line: str) -> str | None:
    """A note set in brackets ("(Reporting by ...; editing by ...)", "[Editor's note: ...]")
    is residue when the note alone would be."""
    if len(line) > 2 and BRACKETS.get(line[0]) == line[-1]:
        inner = line[1:-1].strip()
        return classify_line(inner) if inner and inner[0] not in BRACKETS else None
    return None


def _is_byline_with_date(line: str) -> bool:
    """'Jane Doe | March 4, 2031' or 'By Jane Doe · Updated 5:10 PM': a name and a
    dateline, and nothing else, between separators."""
    if len(line) > 120:
        return False
    lead = BYLINE_LEAD.match(line)
    if lead and _is_dateline(line[lead.end():].strip()):
        return True  # "By Jane Doe on 3/4/2031"
    parts = [part.strip() for part in BYLINE_SEPARATORS.split(line)]
    if len(parts) < 2 or not all(parts):
        return False
    dated = [_is_dateline(part) for part in parts]
    return any(dated) and all(d or BYLINE_NAME.match(part) for d, part in zip(dated, parts))


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
    line = YOU_ARE_HERE.sub("", line)
    parts = MENU_SEPARATORS.split(line)
    if len(parts) < 2:
        return False
    if parts[0].strip().lower() in ("home", "homepage", "start", "news"):
        return len(parts) >= 3 or len(parts[1].split()) <= 3  # "Home » World"
    if len(parts) == 2:
        return _is_two_step_breadcrumb(line, parts)
    return line[-1] not in ".!?\"”" and all(len(part.split()) <= 4 for part in parts)


def _is_two_step_breadcrumb(line: str, parts: list[str]) -> bool:
    """"World » Asia-Pacific": two short capitalised labels joined by an arrow-like
    separator (not "/", "|" or ">", which also join names, credits or a comparison)."""
    return (len(line) <= 50 and bool(re.search(r"\s[»›]\s", line)) and line[-1] not in ".!?\"”"
            and all(part[:1].isupper() and len(part.split()) <= 3 for part in parts))


def _headline_like(line: str) -> bool:
    """Short and without closing punctuation: a linked headline, not a sentence."""
    return len(line) <= 130 and line[-1] not in ".!?\"”’:;" and line[0] not in QUOTE_OPENERS


def _caption_like(line: str) -> bool:
    """One short sentence that reads like a caption (data/residue.json, caption_above_credit):
    a paragraph that happens to sit above a credit line is not one."""
    return len(line) <= CAPTION_MAX_CHARS and len(SENTENCE_END.split(line)) == 1 \
        and not NOT_A_CAPTION.search(line)


def _bare_header(line: str) -> bool:
    return not re.search(r"[:|>»–—-]\s*\S", line)


def classify_lines(lines: list[str], title: str | None = None, learned: bool = True) -> list[str | None]:
    """Reasons for a list of stripped, non-empty lines, using their neighbours; `learned`
    adds the residue model's reasons (residue_model.py) for the lines the rules keep."""
    reasons = [classify_line(line) for line in lines]
    for i, line in enumerate(lines):
        follows = lines[i + 1] if i + 1 < len(lines) else ""
        if reasons[i] == "related" and _bare_header(line):
            _claim(lines, reasons, i + 1, "related", limit=6)
        elif SPONSOR_HEADER.match(line):
            _claim(lines, reasons, i + 1, "advert", limit=1)
        elif MEDIA_MARKER.search(line):
            _claim(lines, reasons, i + 1, "caption", limit=1)
        if reasons[i] is None and STANDALONE_CREDIT.match(follows) and _caption_like(line):
            reasons[i] = "caption"  # the caption above its own credit line
    if title:
        _mark_repeated_title(lines, reasons, title)
    if learned:
        model_reasons(lines, reasons)  # the learned back-up, on the short lines the rules kept
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
                title: str | None = None, learned: bool = True) -> tuple[list[str], list[Removed]]:
    numbered = _within_budget((offset, raw.strip()) for offset, raw in enumerate(raw_lines) if raw.strip())
    reasons = classify_lines([line for _, line in numbered], title, learned)
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
        # The residue model learned plain scraped text (Wikinews lines and residue). On a
        # page the extractor has already judged every block by the page's structure, and
        # the model's short-line habits only cost content there: subheadings, list items,
        # tour dates and scores (extraction benchmark dev pages: F1 0.987 -> 0.982).
        kept, removed = clean_lines(paragraphs, first_line=None, title=doc.title, learned=False)
    else:
        kept, removed = clean_lines(raw.splitlines())
    doc.text = "\n".join(kept)[:MAX_TEXT_CHARS]
    doc.removed = removed
    return doc
