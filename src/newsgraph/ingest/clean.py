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
from newsgraph.limits import MAX_TEXT_CHARS

CREDIT = r"(?:image|photo|photograph|picture|pic|credit|video|source|illustration|graphic|footage)s?"
# Agencies in their usual capitalisation: case matters, so "(ePA)" in a German
# sentence is not mistaken for the EPA agency.
AGENCIES = (r"(?:Getty(?: Images)?|AFP|Reuters|REUTERS|AP|PA|EPA|Shutterstock|Alamy|Rex|REX|Bloomberg"
            r"|Xinhua|Anadolu|PTI|ANI|AAP|IANS|dpa|Reuters Connect|SWNS|PA Wire|PA Media)")
SOCIAL = r"(?:facebook|twitter|x|instagram|tiktok|youtube|linkedin|whatsapp|threads|telegram|bluesky|flipboard|google news)"
MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
         r"|august|september|october|november|december)")

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


# In priority order; patterns see the stripped line. Rules anchored at the start
# keep the anchor outside their alternation (^(?:a|b), not ^a|^b): only then does
# the regex engine try a single position instead of scanning the whole line.
RESIDUE_RULES: list[Rule] = [
    # Captions and picture credits.
    _rx("caption", rf"\(\s*{CREDIT}\s*(?:credit)?\s*:[^)]*\)\s*$"),
    _rx("caption", rf"^{CREDIT}\s*(?:credit)?\s*:\s*[^.!?]{{2,70}}$"),
    _rx("caption", rf"[.!?]\s+{CREDIT}\s*(?:credit)?\s*:\s*[^.!?]{{2,70}}$"),
    _rx("caption", r"^(?:photo|image|picture|photograph|illustration)?\s*credits?\s*:\s*[^!?]{2,80}$"),
    _rx("caption", r"[.!?]\s+(?:photo|image|picture|photograph|illustration)?\s*credits?\s*:\s*[^!?]{2,80}$"),
    _rx("caption", rf"\s[-–—]\s*{AGENCIES}\s*$", 0),
    _rx("caption", rf"^{AGENCIES}(?: via Getty Images)?$", 0),
    _rx("caption", r"^(?:chart|graphic|map|table|infographic)\s*:\s"),
    _rx("caption", r"\bcreated with (?:datawrapper|flourish|infogram)\b"),
    _rx("caption", r"^listen to this (?:article|story)\b"),
    _rx("caption", r"\((?:photo|picture|image|video)s?\s+(?:by|courtesy(?: of)?|credit)\s+[^)]{2,80}\)\s*$"),
    _rx("caption", r"\((?:[\w&.-]+\s){1,3}(?:photo|picture|image|file photo|video)s?(?:\s*/[^)]{1,60})?\)\s*$"),
    _rx("boilerplate", r"^(?:copyright|©)\s*(?:\d{4}|\w)"),  # before the © credit rule below: a notice, not a credit
    _rx("caption", r"(?:©|\(c\))\s*[\w .,'&/-]{2,60}$"),
    _rx("caption", rf"[/|]\s*{AGENCIES}(?:\s*via\s*Getty Images)?\)?\s*$", 0),
    _rx("caption", rf"\(\s*{AGENCIES}\s*\)\s*$", 0),
    _rx("caption", rf"\b{AGENCIES}/[A-Z][\w .'-]{{1,40}}(?:/(?:File Photo|Pool|Handout))?\s*$", 0),
    _rx("caption", r"\[[^\[\]]{2,80}[/|:][^\[\]]{1,80}\]\s*$"),
    _rx("caption", r"^(?:image (?:source|caption|copyright)\s*[,:]|credit\s*(?::|\.\.\.|…)\s*\S)"),
    _rx("caption", r"^(?:watch|video|listen|gallery|in pictures|pictured)\s*:\s"),
    _rx("caption", r"^(?:video player is loading|this video can ?not be played|video unavailable"
                   r"|duration:? \d{1,2}:\d{2}|press play to watch|play video)\b"),
    _rx("caption", r"^(?:(?:\+\d+ )?(?:view|see|open) (?:the )?(?:gallery|slideshow|photos|all \d+ photos)\W*$"
                   r"|(?=.{0,100}$).*\bvideo player\b|watch\b.{0,120}\b\d{1,2}:\d{2}$)"),
    # Newsletter, consent and comment forms.
    _rx("form", r"^(?:invalid e-?mail|enter your e-?mail|your e-?mail address|e-?mail address)\b"),
    _rx("form", r"\b(?:we use your sign-?up\b|sign-?up to provide\b|unsubscribe at any time\b)"),
    _rx("form", r"^(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|updates|inbox|e-?mails?|free|briefing|bulletin|alerts)\b"),
    _rx("form", r"^(?:get|receive|join|enter your e-?mail)\b.{0,60}\b(?:newsletters?|inbox|bulletin|briefing)s?\b(?!.*[.!?]\s+\w)"),
    _rx("form", r"\b(?:sign up|subscribe)(?: now)? (?:to|for) (?:our|the|a)\b[^.]{0,60}\b(?:newsletters?|bulletin|briefing|e-?mails?)\b"),
    _rx("form", r"\b(?:straight|direct(?:ly)?|right|delivered|sent) (?:to|in|into) your inbox\b"),
    _rx("form", r"^(?:(?:thank you|thanks) for (?:subscribing|signing up|registering)|(?:[\w'’&+-]+ ){0,4}newsletter\W*$)"),
    _rx("form", r"^(?:this site is protected by recaptcha|by (?:signing up|subscribing|registering|clicking|continuing)\b"
                r"|(?:poll|quiz|vote)\s*:)"),
    _rx("form", r"\b(?:vote now\W*$|log ?in to (?:comment|reply)\b)"),
    _rx("form", r"^(?:leave a (?:reply|comment)|post a comment|add a comment|required fields are marked"
                r"|join the conversation|(?:send|give) us (?:your )?feedback)\b"),
    _rx("form", r"^(?:accept(?: all)?(?: cookies)?|reject all|manage (?:preferences|cookies|settings|consent)"
                r"|cookie settings|i agree|i accept|got it)\W*$"),
    # Adverts, app and subscription promotions.
    _rx("advert", r"^(?:advertisement|advert|ad|ads|sponsored(?: content| links?)?|promoted(?: content)?|paid content"
                  r"|partner content|story continues below(?: advertisement)?|continue reading below|advertising"
                  r"|skip (?:advertisement|advert|ad)s?|(?:video )?ad feedback|hide ad|remove ads?"
                  r"|(?:get|buy|book) (?:your )?tickets(?: now)?|buy now|shop now)\W*$"),
    _rx("advert", r"^(?:(?:today'?s |our )?(?:best|top|latest) deals?\b\s*:|get the app\b)"),
    _rx("advert", r"^(?:supported|sponsored|presented|brought to you|paid for|in partnership with) by\b.{0,40}$"),
    _rx("advert", r"\b(?:get|download|install|try) (?:the|our)\b.{0,40}\bapp\b(?!\w)[^.]{0,60}\.?$"),
    _rx("advert", r"^(?:subscribe\b.{0,60}\b(?:unlock|continue reading|full access|read (?:the|this) (?:full )?(?:article|story))"
                  r"|subscribe (?:today|now)\b|already (?:a subscriber|have an account|registered)\b)"),
    _rx("advert", r"\b(?:whatsapp|telegram) (?:channel|community|group)\b.{0,30}$"),
    _rx("advert", r"\b(?:readers like you\b|keep paywalls away\b|support (?:our|independent|quality|local|our local) "
                  r"(?:journalism|news)\b|become a (?:member|subscriber|supporter)\b|if you enjoyed this article\b)"),
    # Page furniture: bylines, copyright, disclaimers (datelines are `_is_dateline`).
    _rx("boilerplate", r"\b(?:read|see|view) our (?:privacy|cookie) (?:policy|notice)\b"),
    _rx("boilerplate", r"\b(?:we use cookies\b|accept (?:all )?cookies\b|cookie (?:settings|preferences|policy)\b)"),
    _rx("boilerplate", r"\ball rights reserved\.?$"),
    _rx("boilerplate", r"^[Bb]y:? [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,| and | in | - | \| |$)(?!.*[.!?]$).{0,60}$", 0),
    _rx("boilerplate", r"^(?i:(?:medically |fact[- ])?(?:written|posted|reported|words|story|text|compiled|edited"
                       r"|published|issued|photos?|translated|reviewed|checked|produced|illustrations?|graphics?)) (?i:by):? [A-Z]", 0),
    _rx("boilerplate", r"^[A-Z][\w'’-]+ [A-Z][\w'’-]+ is (?:our|the|a|an) [\w ]{0,30}\b(?i:editor|correspondent|reporter"
                       r"|writer|columnist|journalist)\b", 0),
    _rx("boilerplate", r"^(?:(?:story source|cite this (?:page|article)|journal reference|disclaimer)\s*:|materials? provided by\b)"),
    _rx("boilerplate", r"\b(?:for (?:general )?informational purposes only\b|does not constitute (?:financial|investment"
                       r"|legal) advice\b|not (?:a substitute for|intended as) (?:professional )?(?:medical|financial|legal) advice\b)"),
    _rx("boilerplate", r"\b(?:(?:may|might) (?:earn|receive|get) (?:an? )?(?:small )?(?:affiliate )?(?:commission"
                       r"|share of (?:the )?(?:sales?|revenue))\b|contains affiliate links\b)"),
    _rx("boilerplate", r"^this (?:(?:is a )?(?:developing|breaking) (?:story|news)\b|(?:story|article) (?:is developing|will be updated))"),
    _rx("boilerplate", r"^(?=.{0,200}$)(?:.*\s)?[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    _rx("boilerplate", r"^(?:reach|contact|email) (?:the )?(?:reporter|author|writer|newsdesk)\b"),
    _rx("boilerplate", r"^sources?\s*:\s*[^!?]{1,60}(?<!\.)$"),
    _rx("boilerplate", r"^(?:(?:additional )?reporting by\b|(?:writing|editing|edited) by \w)"),
    _rx("boilerplate", r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}, [\w ,&]{0,40}\b(?i:correspondent|reporter|reporting"
                       r"|editor|writer|columnist|contributor|producer|journalist|bureau chief)\b[\w ,&]{0,40}$", 0),
    _rx("boilerplate", r"^[A-Z][\w'’-]+ [A-Z][\w'’-]+ (?:covers|writes about|reports on) ", 0),
    _rx("boilerplate", r"^(?:republished|reprinted) (?:from|with)\b"),
    _rx("boilerplate", r"\brepublished from\b.{0,80}\blicen[cs]e\b"),
    _rx("boilerplate", r"^(?:disclosure(?: statement)?|conflict of interest|correction)\s*:"),
    _rx("boilerplate", r"\b(?:quotes|prices|data|market data) (?:are |is )?delayed (?:by )?(?:at least )?\d+ min"),
    _rx("boilerplate", r"^(?:have a (?:news )?tip|got a (?:news )?tip|do you have a story|got a story)\b"),
    _rx("boilerplate", r"^(?:loading|loading\.\.\.|please wait)\W*$"),
    _rx("boilerplate", r"^(?:this (?:article|story|content|page) is (?:more|over) than \d+ \w+ old\b|why you can trust\b)"),
    _rx("boilerplate", r"^(?:\d+ min(?:ute)?s? read|reading time\s*:?.{0,20})$"),
    # Menus, share and follow prompts.
    _rx("navigation", rf"^(?:share|share this(?: article| story| page)?|share (?:on|via) {SOCIAL}|tweet|email|print"
                      r"|copy link|copy url|short url|link copied|save|bookmark|reuse this content)\W*\d*$"),
    _rx("navigation", r"^(?:share\b.{0,30}\b(?:article|story|page|post|chart|video|gallery)\W*$"
                      r"|(?:tags?|topics?|filed under|categories|category)\s*:)"),
    _rx("navigation", r"^(?:(?:(?:share (?:via|on|to) \w+|copy link|email|print)\W*){2,}$|(?:share|like) this\s*:?$"
                      r"|social sharing$|pin it$)"),
    _rx("navigation", r"^(?:(?:posted|filed) (?:in|under)\b.{0,120}$|live (?:scores|updates|coverage|blog|text)\s*:"
                      r"|match (?:centre|center)$)"),
    _rx("navigation", r"^follow (?!-)\S.{0,140}$"),
    _rx("navigation", rf"^(?:like us on facebook|(?:join|find) us on {SOCIAL}\b)"),
    _rx("navigation", r"^(?:click|tap) here\b.{0,40}$"),
    _rx("navigation", r"\b(?:click|tap) here\.?$"),
    _rx("navigation", r"^(?:comments?|\d+ comments?|view comments|show comments|skip to (?:main )?content|back to top"
                      r"|home|menu|next article|previous article|top stories|trending|more stories)\W*$"),
    _rx("navigation", r"^comments?\W*\d+\W*$"),
    _rx("navigation", r"^(?:[A-Z][\w&'’]+ ){0,2}News$", 0),
    _rx("related", r"^(?:read more|related|more|see also|also read|read also|read next|most read|most popular|read"
                   r"|recommended|latest|more on this|don'?t miss|must read|you may also like|see more|also|watch more"
                   r"|explore more|trending|trending now|related coverage|follow live)(?:\s*[:|>»]|\s+[–—-]\s)"),
    _rx("related", r"^(?:related (?:article|story|content|coverage|video|link|reading)s?\b|explore more\b)"),
    _rx("related", r"^(?:most (?:read|popular|viewed|shared)(?: in [\w ]{1,30})?|recommended(?: for you)?"
                   r"|more on this (?:story|topic)|related(?: articles| stories| topics| posts| content| links| coverage)?"
                   r"|you (?:may|might) (?:also )?like|don'?t miss|read more|see more|more from [\w ]{1,30}"
                   r"|in other news|editor'?s picks?|what to read next|trending(?: now| stories)?|popular now)\W*$"),
    _rx("related", r"\[(?:video|pics?|pictures|photos|insight|reaction|latest|analysis|poll|reveal|watch|live|update)\]\W*$"),
]

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
    return None


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
    if len(parts) < 3:
        return False
    if parts[0].strip().lower() in ("home", "homepage", "start", "news"):
        return True
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
