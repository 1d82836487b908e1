"""Clean: raw text or HTML in, article text plus a list of what was removed.

HTML goes through trafilatura (paragraphs, title, date, author, site); then
the same line-level residue rules run on both kinds of input, because scraped
text has no markup left to tell a caption from a paragraph.
"""
from __future__ import annotations

import re

from .document import Document, Removed
from .limits import MAX_TEXT_CHARS

CREDIT = r"(?:image|images|photo|photograph|picture|pic|credit|video|source|illustration|graphic)s?"
AGENCIES = r"(?:getty(?: images)?|afp|reuters|ap|pa|epa|shutterstock|alamy|rex|bloomberg|xinhua|anadolu)"

# (reason, pattern) in priority order; patterns see the stripped line.
RESIDUE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("caption", re.compile(rf"\(\s*{CREDIT}\s*:[^)]*\)\s*$", re.I)),
    ("caption", re.compile(rf"\b{CREDIT}\s*(?:credit)?\s*:\s*[\w .,'&/-]{{2,60}}$", re.I)),
    ("caption", re.compile(rf"(?:\(|\b)(?:photo|picture|image)s?\s+by\s+[^)]{{2,60}}\)?\s*$", re.I)),
    ("caption", re.compile(rf"(?:©|\(c\))\s*[\w .,'&/-]{{2,60}}$", re.I)),
    ("caption", re.compile(rf"[/|]\s*{AGENCIES}\s*(?:via getty images)?\)?\s*$", re.I)),
    ("caption", re.compile(rf"\(\s*{AGENCIES}\s*\)\s*$", re.I)),
    ("form", re.compile(r"^(invalid e-?mail|enter your e-?mail|your e-?mail address|e-?mail address)\b", re.I)),
    ("form", re.compile(r"\bwe use your sign-?up\b|\bsign-?up to provide\b|\bunsubscribe at any time\b", re.I)),
    ("form", re.compile(r"^(sign up|subscribe)\b.{0,80}(newsletter|updates|inbox|email|free)", re.I)),
    ("form", re.compile(r"^(thank you|thanks) for (subscribing|signing up)", re.I)),
    ("form", re.compile(r"^this site is protected by recaptcha", re.I)),
    ("boilerplate", re.compile(r"\b(read|see|view) our (privacy|cookie) (policy|notice)\b", re.I)),
    ("boilerplate", re.compile(r"\bwe use cookies\b|\baccept (all )?cookies\b|\bcookie (settings|preferences)\b", re.I)),
    ("boilerplate", re.compile(r"^(copyright|©)\s*(\d{4}|\w)", re.I)),
    ("boilerplate", re.compile(r"^all rights reserved\.?$", re.I)),
    ("boilerplate", re.compile(r"^(updated|published|last updated|posted)\s*:?\s*[\d:., ]*\d{1,2}[:.]\d{2}\b.{0,40}$", re.I)),
    ("boilerplate", re.compile(r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,| and | - | \| |$).{0,60}$")),
    ("navigation", re.compile(r"^(share|share this( article| story)?|share on \w+|tweet|email|print|copy link)$", re.I)),
    ("navigation", re.compile(r"^follow us\b|^follow @\w+|^like us on facebook", re.I)),
    ("navigation", re.compile(r"^(click here|tap here)\b", re.I)),
    ("navigation", re.compile(r"^(comments?|\d+ comments?|skip to (main )?content|back to top|home|menu|next article|previous article)$", re.I)),
    ("navigation", re.compile(r"^download the .{0,30}app\b", re.I)),
    ("related", re.compile(r"^(read more|related|more|see also|also read|read next|most read|most popular|recommended|watch|listen|latest)\s*[:|>»-]", re.I)),
    ("related", re.compile(r"^(most read|most popular|recommended for you|more on this story|related (articles|stories|topics))$", re.I)),
    ("advert", re.compile(r"^(advertisement|advert|sponsored( content)?|promoted|story continues below( advertisement)?|ad)$", re.I)),
]

QUOTE_OPENERS = "\"“‘'«„"


def classify_line(line: str) -> str | None:
    """Return a residue reason for one stripped line, or None for article text."""
    if not line or line[0] in QUOTE_OPENERS and not _credit_tail(line):
        return None
    for reason, pattern in RESIDUE_RULES:
        if pattern.search(line):
            return reason
    return None


def _credit_tail(line: str) -> bool:
    return bool(RESIDUE_RULES[0][1].search(line))


def clean_lines(raw_lines: list[str], first_line: int | None = 1) -> tuple[list[str], list[Removed]]:
    kept, removed = [], []
    for offset, raw in enumerate(raw_lines):
        line = raw.strip()
        if not line:
            continue
        reason = classify_line(line)
        if reason:
            number = first_line + offset if first_line is not None else None
            removed.append(Removed(reason=reason, text=line, line=number))
        else:
            kept.append(_squash(line))
    return kept, removed


def _squash(line: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", line)


def clean_document(doc: Document) -> Document:
    raw = doc.raw if isinstance(doc.raw, str) else ""
    if doc.raw_kind == "html":
        from .html import extract_html

        paragraphs = extract_html(raw, doc)
        kept, removed = clean_lines(paragraphs, first_line=None)
    else:
        kept, removed = clean_lines(raw.splitlines())
    doc.text = "\n".join(kept)[:MAX_TEXT_CHARS]
    doc.removed = removed
    return doc
