"""Media: the outlet a quote was given to or published in ('told the BBC', 'writing in
Variety', 'X reported'), from the name mentions the actors stage found in the cue's
sentence. A quote with no medium of its own may carry its neighbour's.
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.document import Quote
from newsgraph.lexicon import table, words
from newsgraph.nlp.gazetteer import MEDIA_WORDS, gazetteer, outlet_like, press_group
from newsgraph.stages.quotes.page import Page

MEDIA = "quotes_media.json"
PLATFORMS = words("platforms", file=MEDIA)
STAFF = re.compile(r"['’]s\s+(?:[a-z]+\s+){0,2}[A-Z]")  # "'s Ana", "'s chief correspondent Ana"


def _alternation(name: str) -> str:
    return "(" + "|".join(re.escape(phrase) for phrase in table(MEDIA)[name]) + ")"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    """The phrase lists of data/quotes_media.json as the regexes that look for them."""
    return {
        "outlet_noun": re.compile(r"\s+" + _alternation("outlet_nouns_after") + r"\b"),
        "spoken_to": re.compile(_alternation("spoken_to") + r"\s+([\w'’-]+\s+){0,3}$"),
        "reported": re.compile(r"\s*" + _alternation("reported_after")),
        # After these a proper name is a publication, whatever the NER took it for ("Writing in Variety").
        "written_in": re.compile(_alternation("written_in") + r"\s+(the\s+)?$"),
        "platform_before": re.compile(r"\b" + _alternation("platform_before") + r"\s+$"),
    }


class Media:
    def __init__(self, page: Page):
        self.page = page

    def of_sentence(self, sentence, cue_lemma: str | None = None) -> str | None:
        """'told X', 'in an interview with X', 'X reported', 'writing in X', 'wrote on Twitter',
        'tweeted': the outlet's or the platform's actor id."""
        found = patterns()
        text = self.page.text
        posted_on = table(MEDIA)["posting_cues"].get(cue_lemma or "")
        for actor, m in self.page.mentions.starting_in(sentence.start_char, sentence.end_char):
            if self.page.inside_any_quote(m.start) or m.via not in ("name", "alias"):
                continue
            before = text[max(sentence.start_char, m.start - 60):m.start].lower()
            after = text[m.end:m.end + 12].lower()
            if actor.name.lower() in PLATFORMS and (found["platform_before"].search(before) or
                                                      posted_on == actor.name.lower()):
                return actor.id
            if media_like(actor) and actor.type != "GPE" and STAFF.match(text, m.end):
                return actor.id  # "the Herald's Ana Ruiz said": the outlet's own staff
            named_outlet = found["outlet_noun"].match(after)
            written_in = found["written_in"].search(before) and actor.type != "PERSON" \
                and not gazetteer().is_place(actor.name)
            press = actor.type == "GROUP" and press_group(actor.name)  # "told state media"
            outlet = actor.type in ("ORG", "PERSON") and media_like(actor) or press or named_outlet and actor.type != "GPE"
            if not (outlet or written_in):
                continue
            if found["spoken_to"].search(before) or found["reported"].match(after):
                return actor.id
        if posted_on:  # "tweeted": the platform, when the article names it anywhere
            return next((a.id for a in self.page.doc.actors if a.name.lower() == posted_on), None)
        return None

    def outlet_id(self, actor_id: str) -> str | None:
        """The actor's id when it is a news outlet ('according to the Coastal Herald')."""
        actor = next((a for a in self.page.doc.actors if a.id == actor_id), None)
        return actor.id if actor is not None and actor.type != "GPE" and media_like(actor) else None

    def carry(self, quotes: list[Quote]) -> None:
        """'Writing in X, she argued …' then '"…," she wrote': one interview, one outlet."""
        text = self.page.text
        for earlier, later in zip(quotes, quotes[1:]):
            same_speaker = later.speaker_text and later.speaker_text == earlier.speaker_text
            near = text.count("\n", earlier.end, later.start) <= 1
            if later.medium is None and earlier.medium and same_speaker and near:
                later.medium = earlier.medium


def media_like(actor) -> bool:
    """An outlet: coded as media, or a body with no other sector and a media-like name. The NER
    takes some outlets for people ("Handelsblatt"): a person's name with a media word counts too."""
    if actor.sector == "MED":
        return True
    if actor.sector is not None:
        return False
    if actor.type == "PERSON":
        return outlet_like(actor.name)
    return MEDIA_WORDS.search(actor.name) is not None or len(actor.name) <= 12
