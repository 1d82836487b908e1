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

from .document import Document, Removed
from .limits import MAX_TEXT_CHARS

CREDIT = r"(?:image|photo|photograph|picture|pic|credit|video|source|illustration|graphic|footage)s?"
# Agencies in their usual capitalisation: case matters, so "(ePA)" in a German
# sentence is not mistaken for the EPA agency.
AGENCIES = (r"(?:Getty(?: Images)?|AFP|Reuters|REUTERS|AP|PA|EPA|Shutterstock|Alamy|Rex|REX|Bloomberg"
            r"|Xinhua|Anadolu|PTI|ANI|AAP|IANS|dpa|Reuters Connect|SWNS|PA Wire|PA Media)")
SOCIAL = r"(?:facebook|twitter|x|instagram|tiktok|youtube|linkedin|whatsapp|threads|telegram|bluesky|flipboard|google news)"
MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
         r"|august|september|october|november|december)")

_I = re.I


def _rx(pattern: str, flags: int = _I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# (reason, pattern) in priority order; patterns see the stripped line.
RESIDUE_RULES: list[tuple[str, re.Pattern[str]]] = [
    # Captions and picture credits.
    ("caption", _rx(rf"\(\s*{CREDIT}\s*(?:credit)?\s*:[^)]*\)\s*$")),
    ("caption", _rx(rf"(?:^|[.!?]\s+){CREDIT}\s*(?:credit)?\s*:\s*[^.!?]{{2,70}}$")),
    ("caption", _rx(r"\((?:photo|picture|image|video)s?\s+(?:by|courtesy(?: of)?|credit)\s+[^)]{2,80}\)\s*$")),
    ("caption", _rx(r"\((?:[\w&.-]+\s){1,3}(?:photo|picture|image|file photo|video)s?(?:\s*/[^)]{1,60})?\)\s*$")),
    ("caption", _rx(r"(?:©|\(c\))\s*[\w .,'&/-]{2,60}$")),
    ("caption", _rx(rf"[/|]\s*{AGENCIES}(?:\s*via\s*Getty Images)?\)?\s*$", 0)),
    ("caption", _rx(rf"\(\s*{AGENCIES}\s*\)\s*$", 0)),
    ("caption", _rx(rf"\b{AGENCIES}/[A-Z][\w .'-]{{1,40}}(?:/(?:File Photo|Pool|Handout))?\s*$", 0)),
    ("caption", _rx(r"^image (?:source|caption|copyright)\s*[,:]")),
    ("caption", _rx(r"^(?:watch|video|listen|gallery|in pictures|pictured)\s*:\s")),
    ("caption", _rx(r"^(?:video player is loading|this video can ?not be played|video unavailable"
                    r"|duration:? \d{1,2}:\d{2}|press play to watch|play video)\b")),
    # Newsletter and comment forms.
    ("form", _rx(r"^(?:invalid e-?mail|enter your e-?mail|your e-?mail address|e-?mail address)\b")),
    ("form", _rx(r"\bwe use your sign-?up\b|\bsign-?up to provide\b|\bunsubscribe at any time\b")),
    ("form", _rx(r"^(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|updates|inbox|e-?mails?|free|briefing|bulletin|alerts)\b")),
    ("form", _rx(r"\b(?:sign up|subscribe)(?: now)? (?:to|for) (?:our|the|a)\b[^.]{0,60}\b(?:newsletters?|bulletin|briefing|e-?mails?)\b")),
    ("form", _rx(r"\b(?:straight|direct(?:ly)?|right) (?:to|in|into) your inbox\b")),
    ("form", _rx(r"^(?:thank you|thanks) for (?:subscribing|signing up|registering)")),
    ("form", _rx(r"^this site is protected by recaptcha")),
    ("form", _rx(r"^(?:leave a (?:reply|comment)|post a comment|add a comment|required fields are marked)\b")),
    # Adverts, app and subscription promotions.
    ("advert", _rx(r"^(?:advertisement|advert|ad|ads|sponsored(?: content| links?)?|promoted(?: content)?|paid content"
                   r"|partner content|story continues below(?: advertisement)?|continue reading below)\W*$")),
    ("advert", _rx(r"^download (?:our|the)\b.{0,40}\bapp\b")),
    ("advert", _rx(r"\b(?:whatsapp|telegram) (?:channel|community|group)\b.{0,30}$")),
    ("advert", _rx(r"\breaders like you\b|\bkeep paywalls away\b|\bsupport (?:our|independent|quality) journalism\b"
                   r"|\bbecome a (?:member|subscriber|supporter)\b|\bif you enjoyed this article\b")),
    # Page furniture: datelines, bylines, copyright, disclaimers.
    ("boilerplate", _rx(r"\b(?:read|see|view) our (?:privacy|cookie) (?:policy|notice)\b")),
    ("boilerplate", _rx(r"\bwe use cookies\b|\baccept (?:all )?cookies\b|\bcookie (?:settings|preferences|policy)\b")),
    ("boilerplate", _rx(r"^(?:copyright|©)\s*(?:\d{4}|\w)")),
    ("boilerplate", _rx(r"\ball rights reserved\.?$")),
    ("boilerplate", _rx(r"^by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,| and | - | \| |$).{0,60}$", 0)),
    ("boilerplate", _rx(r"^(?:written|posted|reported|words|story|text|compiled|edited|published) by [A-Z]", 0)),
    ("boilerplate", _rx(r"^(?:additional )?reporting by\b|^(?:writing|editing|edited) by [A-Z]")),
    ("boilerplate", _rx(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}, [\w ,&]{0,40}\b(?:correspondent|reporter|reporting"
                        r"|editor|writer|columnist|contributor|producer|journalist|bureau chief)\b[\w ,&]{0,40}$", 0)),
    ("boilerplate", _rx(r"^[A-Z][\w'’-]+ [A-Z][\w'’-]+ (?:covers|writes about|reports on) ", 0)),
    ("boilerplate", _rx(r"^(?:republished|reprinted) (?:from|with)\b|\brepublished from\b.{0,80}\blicen[cs]e\b")),
    ("boilerplate", _rx(r"^(?:disclosure(?: statement)?|conflict of interest|correction)\s*:")),
    ("boilerplate", _rx(r"\b(?:quotes|prices|data|market data) (?:are |is )?delayed (?:by )?(?:at least )?\d+ min")),
    ("boilerplate", _rx(r"^(?:have a (?:news )?tip|got a (?:news )?tip|do you have a story|got a story)\b")),
    ("boilerplate", _rx(r"^(?:loading|loading\.\.\.|please wait)\W*$")),
    ("boilerplate", _rx(r"^(?:\d+ min(?:ute)?s? read|reading time\s*:?.{0,20})$")),
    # Menus, share and follow prompts.
    ("navigation", _rx(rf"^(?:share|share this(?: article| story| page)?|share (?:on|via) {SOCIAL}|tweet|email|print"
                       r"|copy link|copy url|short url|link copied|save|bookmark)\W*$")),
    ("navigation", _rx(r"^follow (?!-)\S.{0,140}$")),
    ("navigation", _rx(rf"^like us on facebook|^(?:join|find) us on {SOCIAL}\b")),
    ("navigation", _rx(r"^(?:click|tap) here\b.{0,40}$|\b(?:click|tap) here\.?$")),
    ("navigation", _rx(r"^(?:comments?|\d+ comments?|view comments|show comments|skip to (?:main )?content|back to top"
                       r"|home|menu|next article|previous article|top stories|trending|more stories)\W*$")),
    ("navigation", _rx(r"^(?:[A-Z][\w&'’]+ ){0,2}News$", 0)),
    ("related", _rx(r"^(?:read more|related|more|see also|also read|read also|read next|most read|most popular"
                    r"|recommended|latest|more on this|don'?t miss|must read|you may also like|see more|also)\s*[:|>»–—-]")),
    ("related", _rx(r"^(?:most (?:read|popular|viewed|shared)(?: in [\w ]{1,30})?|recommended(?: for you)?"
                    r"|more on this (?:story|topic)|related(?: articles| stories| topics| posts| content| links| coverage)?"
                    r"|you (?:may|might) (?:also )?like|don'?t miss|read more|see more|more from [\w ]{1,30}"
                    r"|in other news|editor'?s picks?|what to read next)\W*$")),
    ("related", _rx(r"\[(?:video|pics?|pictures|photos|insight|reaction|latest|analysis|poll|reveal|watch|live|update)\]\W*$")),
]

QUOTE_OPENERS = "\"“‘'«„"
BLOCK_HEADERS = ("related", "advert")  # a bare header of these kinds claims the headlines below it
STANDALONE_CREDIT = _rx(r"^(?:photo|picture|image|photograph|pic)?\s*(?:credit|photo|picture|image|photograph)s?\s*:\s*\S.{0,60}$")
DATE_TOKEN = _rx(rf"^(?:\d{{1,4}}|\d{{1,2}}(?:st|nd|rd|th)|{MONTH}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?"
                 r"|am|pm|a|p|m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|mst|mdt|ist|aest|aedt|jst|et|pt"
                 r"|updated|published|posted|modified|first|last|on|at|ago|just|now|hours?|hrs?|mins?|minutes?"
                 r"|seconds?|secs?|days?|weeks?|months?|years?|yesterday|today)$")
DATE_SIGNAL = _rx(rf"\b(?:{MONTH}|\d{{1,2}}[:.]\d{{2}}|ago|(?:19|20)\d{{2}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}})\b")
MENU_SEPARATORS = re.compile(r"\s+(?:/|»|›|>|\|)\s+")


def classify_line(line: str) -> str | None:
    """Return a residue reason for one stripped line, or None for article text."""
    if not line:
        return None
    if line[0] in QUOTE_OPENERS and not _credit_tail(line):
        return None
    for reason, pattern in RESIDUE_RULES:
        if pattern.search(line):
            return reason
    if _is_dateline(line):
        return "boilerplate"
    if _is_menu(line):
        return "navigation"
    return None


def _credit_tail(line: str) -> bool:
    return any(pattern.search(line) for reason, pattern in RESIDUE_RULES[:8])


def _is_dateline(line: str) -> bool:
    """A short line made only of a date, a time and words like "Updated"."""
    if len(line) > 90 or not DATE_SIGNAL.search(line):
        return False
    words = re.findall(r"[^\W_]+", line)
    return sum(1 for word in words if not DATE_TOKEN.match(word)) <= 1


def _is_menu(line: str) -> bool:
    """A breadcrumb ("Home / World / ...") or a menu ("Fixtures | Results | Tables")."""
    parts = MENU_SEPARATORS.split(line)
    if len(parts) < 3:
        return False
    if parts[0].strip().lower() in ("home", "homepage", "start", "news"):
        return True
    return line[-1] not in ".!?\"”" and all(len(part.split()) <= 3 for part in parts)


def _headline_like(line: str) -> bool:
    """Short and without closing punctuation: a linked headline, not a sentence."""
    return len(line) <= 130 and line[-1] not in ".!?\"”’:;" and line[0] not in QUOTE_OPENERS


def _bare_header(line: str) -> bool:
    return not re.search(r"[:|>»–—-]\s*\S", line)


def classify_lines(lines: list[str], title: str | None = None) -> list[str | None]:
    """Reasons for a list of stripped, non-empty lines, using their neighbours."""
    reasons = [classify_line(line) for line in lines]
    for i, line in enumerate(lines):
        reason = reasons[i]
        if reason in BLOCK_HEADERS and _bare_header(line):
            j = i + 1
            while j < len(lines) and reasons[j] is None and _headline_like(lines[j]):
                reasons[j] = reason
                j += 1
        if reason is None and i + 1 < len(lines) and STANDALONE_CREDIT.match(lines[i + 1]) \
                and len(line) <= 200 and line[0] not in QUOTE_OPENERS:
            reasons[i] = "caption"
    if title:
        _mark_repeated_title(lines, reasons, title)
    return reasons


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _mark_repeated_title(lines: list[str], reasons: list[str | None], title: str) -> None:
    """The headline repeated as the first line of the body (often with a site suffix on <title>)."""
    wanted = _words(title)
    for i, line in enumerate(lines[:3]):
        seen = _words(line)
        if reasons[i] is None and len(seen) >= 12 and (seen == wanted or wanted.startswith(seen + " ")):
            reasons[i] = "boilerplate"
            return


def clean_lines(raw_lines: list[str], first_line: int | None = 1,
                title: str | None = None) -> tuple[list[str], list[Removed]]:
    numbered = [(offset, raw.strip()) for offset, raw in enumerate(raw_lines) if raw.strip()]
    reasons = classify_lines([line for _, line in numbered], title)
    kept, removed = [], []
    for (offset, line), reason in zip(numbered, reasons):
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
        kept, removed = clean_lines(paragraphs, first_line=None, title=doc.title)
    else:
        kept, removed = clean_lines(raw.splitlines())
    doc.text = "\n".join(kept)[:MAX_TEXT_CHARS]
    doc.removed = removed
    return doc
