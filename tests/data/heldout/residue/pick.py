#!/usr/bin/env python3
"""Build the held-out residue set from wikinews-cd2000.jsonl.

Step 1, the draw: among lines 1000..1999 (1-based line numbers of the JSONL file),
keep the medium-length articles (220 to 420 words, 4 to 9 paragraphs) whose
paragraphs carry no page furniture of their own (no "File:"/"Image:" lines, no
"Related news"/"Sources" headings, no paragraph under 6 words, no bibliography
entries), then draw 20 of them with random.Random(SEED).

Step 2, the insertion: for each drawn article, the hand-written residue lines in
RESIDUE (written for this set, not copied from any page) are shuffled and put at
random line positions with random.Random(f"{SEED}-{line}").  NAME.txt holds one
paragraph per line, no empty lines, no trailing newline; NAME.gold.json lists the
inserted lines with their 1-based line numbers.

Run:  python3 pick.py            (writes into the folder of this script)
"""
import json
import random
import re
from pathlib import Path

SEED = 20261201
CORPUS = Path("/work/shared/corpus/news/wikinews-cd2000.jsonl")
OUT = Path(__file__).resolve().parent
FIRST, LAST, COUNT = 1000, 1999, 20


def paragraphs(text):
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def eligible(text):
    ps = paragraphs(text)
    if not (220 <= len(text.split()) <= 420 and 4 <= len(ps) <= 9):
        return False
    for p in ps:
        if re.match(r"(File|Image):", p) or len(p.split()) < 6:
            return False
        if re.search(r'related news|^sources?\b|\(\d{4}\)\. "', p, re.I):
            return False
    return True


# name slug, "about", residue lines (reason, text) for each drawn line number.
# reasons: caption | form | navigation | advert | related | boilerplate
RESIDUE = {
    1048: ("heatwave", "A heat wave over the north-eastern United States; weather service warnings and power cuts.", [
        ("caption", "A man cools off in a fountain in lower Manhattan on Tuesday afternoon. (Photo: Dana Whitcombe / Metro Desk)"),
        ("form", "Get the morning weather briefing in your inbox. Enter your email address Sign up"),
        ("advert", "Advertisement"),
        ("boilerplate", "Keisha Arnoldsen contributed reporting from Philadelphia."),
        ("navigation", "Share this article: Facebook | Twitter | Email"),
    ]),
    1078: ("worldcup-final", "Spain beats the Netherlands in extra time to win the 2010 FIFA World Cup.", [
        ("caption", "Andres Iniesta celebrates after his late strike in Johannesburg. Photo: Pieter van Loon / Sportbeeld Agency"),
        ("related", "Read more: Octopus oracle set to retire after perfect tournament"),
        ("boilerplate", "Follow our football correspondent Rafael Quintero on Twitter @rquintero_futbol"),
        ("navigation", "Click to tweet"),
    ]),
    1096: ("dog-cruelty", "RSPCA appeal after a dog is found with its jaw taped and throat cut in Cairns, Australia.", [
        ("boilerplate", "WARNING: This story contains details some readers may find distressing."),
        ("caption", "Franky recovering at a veterinary clinic in Cairns. Supplied: RSPCA Queensland"),
        ("form", "Comments are closed on this article. Read our community guidelines"),
        ("advert", "Story continues below advertisement"),
        ("related", "RELATED: Puppy found in storm drain near Townsville, owners sought"),
        ("navigation", "Listen to this article \u00b7 3 min"),
    ]),
    1111: ("debates", "Dispute over the number of televised debates between Julia Gillard and Tony Abbott.", [
        ("boilerplate", "By Harriet Okonjo-Lyle, Canberra political reporter"),
        ("caption", "The two leaders at a community forum in Brisbane last month. Image: Glen Marshfield/Capital Images"),
        ("form", "Subscribe for $1 a week. Cancel anytime. Already a subscriber? Log in"),
        ("related", "More on the federal election campaign"),
    ]),
    1171: ("kasai-boat", "A boat sinks on the Kasai River in the Democratic Republic of the Congo; up to 140 feared dead.", [
        ("caption", "File photo: a river barge loaded with passengers and cargo near Ilebo. Credit: Jean-Baptiste Mukendi / Kinshasa Press Photo"),
        ("boilerplate", "Reporting by Albertine Nzuzi; Editing by Gerald Fairweather"),
        ("advert", "ADVERTISEMENT"),
    ]),
    1174: ("sherrod", "Shirley Sherrod says she will sue blogger Andrew Breitbart over an edited video.", [
        ("boilerplate", "Correction: An earlier version of this article gave Ms Sherrod's age as 61. She is 62."),
        ("navigation", "Share on Facebook  Share on Twitter  Share via Email"),
        ("form", "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies. Accept"),
        ("related", "See also: Agriculture department reviews dismissal procedures after video row"),
        ("caption", "Video: Sherrod speaks to reporters at the journalists' convention (2:14)"),
    ]),
    1187: ("blagojevich-jury", "The jury in the Rod Blagojevich corruption trial enters its fifth day of deliberations.", [
        ("boilerplate", "FULL TEXT."),
        ("boilerplate", "Copyright 2010 Midwest Courier Syndicate. All rights reserved."),
        ("caption", "The former Illinois governor arrives at the federal courthouse in Chicago. (Tomasz Wrobel/Lakeshore Photo Service)"),
        ("form", "Join the conversation: 214 comments"),
    ]),
    1212: ("hiroshima", "The 65th anniversary ceremony of the Hiroshima atomic bombing, attended by a US ambassador for the first time.", [
        ("caption", "Lanterns float on the Motoyasu River during the evening memorial. Photo: Kenji Arimura / Chugoku Pictorial"),
        ("navigation", "Home > World > Asia-Pacific"),
        ("related", "Related coverage: Nagasaki survivors mark anniversary with silent march"),
        ("boilerplate", "Editor's note: This article was updated at 10:40 GMT with the number of countries represented."),
        ("advert", "Sponsored content"),
    ]),
    1222: ("bokhary", "Protest and criticism after a light sentence for Amina Bokhary in Hong Kong.", [
        ("boilerplate", "By Cheung Wai-lam and Peter Hollister | Hong Kong Bureau"),
        ("caption", "Protesters in black shirts outside the court building in Admiralty. Photo: Lok Ming-yee / Harbour Images"),
        ("form", "Enjoyed this story? Sign up for our Asia Daily newsletter and never miss an update."),
    ]),
    1238: ("jetblue", "JetBlue flight attendant Steven Slater quits by emergency slide and is arrested.", [
        ("caption", "The deployed emergency slide at the gate on Monday. Photo courtesy of reader Raymond Szabo"),
        ("navigation", "Tweet this  |  Pin it  |  Email to a friend"),
        ("advert", "Advertisement - Continue reading below"),
        ("boilerplate", "Follow Denise Farragut on Twitter: @dfarragut_travel"),
        ("related", "You might also like: Ten things your cabin crew won't tell you"),
    ]),
    1292: ("hd10180", "Astronomers find a planetary system of five to seven planets around the star HD 10180.", [
        ("caption", "An artist's impression of the newly found system. Image credit: observatory illustration / M. Ferrand"),
        ("form", "Did you find this article useful? Yes / No"),
        ("boilerplate", "ABSTRACT."),
        ("navigation", "Skip to main content"),
    ]),
    1297: ("luna-vachon", "Death of the former wrestler and manager Luna Vachon at 48.", [
        ("caption", "Vachon pictured at a fan convention in Tampa in 2007. (Photo: Randall Kreski / Ringside Images)"),
        ("related", "Read more: Former tag team champion dies at 29"),
        ("form", "Leave a comment"),
        ("advert", "- Advertisement -"),
    ]),
    1326: ("windows-phone", "Microsoft releases Windows Phone 7 to manufacturing.", [
        ("boilerplate", "Posted by Ingrid Salomonsen, Technology Editor"),
        ("caption", "The new start screen shown at a developer event in Seattle. Screenshot: company press kit"),
        ("navigation", "Share: Facebook / Twitter / LinkedIn / Reddit"),
        ("form", "Get tech news delivered: subscribe to the Gadget Wire newsletter"),
        ("advert", "PAID CONTENT"),
        ("related", "Related stories: Handset makers line up autumn launches; Tablet sales beat forecasts"),
    ]),
    1385: ("cat-bin", "A Coventry woman filmed putting a cat in a wheelie bin is charged with animal cruelty.", [
        ("caption", "Still from the CCTV footage. Video: owners' handout"),
        ("boilerplate", "Additional reporting by Siobhan Treacy"),
        ("navigation", "Print this page"),
    ]),
    1424: ("orion", "NASA's Orion capsule expected to be ready for test flights by 2013.", [
        ("caption", "A mock-up of the crew capsule at a test facility in Colorado. Agency photo / Ted Vilhauer"),
        ("boilerplate", "This story was originally published on Sept. 24 and has been updated."),
        ("form", "By clicking Accept, you consent to the storage of cookies on your device for analytics and personalised ads. Accept all | Manage settings"),
        ("related", "Read more: Congress weighs extra shuttle flight as workers face layoffs"),
        ("navigation", "Listen to this story"),
    ]),
    1619: ("petrol-price", "Average UK petrol price reaches a record high.", [
        ("boilerplate", "Copyright (c) 2010 Northern Motoring Press Ltd. All rights reserved. Reproduction without permission is prohibited."),
        ("caption", "Prices on display at a forecourt in Leeds. Photo: Callum Ridley/Yorkshire Picture Agency"),
        ("advert", "Ad Feedback"),
        ("form", "Tell us what you pay at the pump - use the form below to send us your local prices"),
    ]),
    1737: ("cork-crash", "Six die when a Manx2 flight from Belfast crashes on landing at Cork Airport.", [
        ("caption", "Emergency crews at the runway on Thursday morning. Photograph: Donal Rigney / Munster Photo Agency"),
        ("boilerplate", "Niamh Ferriter and Owen Gallagher contributed to this report."),
        ("navigation", "Back to top"),
        ("related", "In pictures: the scene at the airport"),
        ("form", "Have your say. Log in or register to post comments."),
    ]),
    1817: ("baby-joseph", "A terminally ill Canadian infant, 'Baby Joseph', is moved to a US hospital.", [
        ("boilerplate", "By Monique Larrivee-Stanton | Special to the Herald"),
        ("caption", "Moe Maraachli holds his son at a hospital in Ontario earlier this month. Family handout photo"),
        ("advert", "Advertisement \u00b7 Scroll to continue with content"),
        ("related", "Further reading: Who decides when treatment ends? A primer on end-of-life law"),
    ]),
    1850: ("highway-1", "A section of California's Highway 1 south of Carmel collapses into the Pacific.", [
        ("caption", "The broken southbound lane near Rocky Creek. State transportation department photo / Marcus Delgado"),
        ("navigation", "Share  \u00b7  Tweet  \u00b7  Email  \u00b7  Save"),
        ("form", "Never miss a story: get breaking news alerts on your phone. Download our app"),
    ]),
    1963: ("train-fire", "A fire on a Northampton to London train near Leighton Buzzard closes the West Coast Main Line.", [
        ("navigation", "Audio: listen to this report (1:52)"),
        ("caption", "Smoke rises from the carriage near the station. Reader photo: Gwen Sallis"),
        ("boilerplate", "This article was amended on 4 November 2010 to correct the direction in which the train was travelling."),
        ("form", "Comments (38) | Add your comment"),
        ("related", "MORE: Commuters face delays as main line reopens"),
        ("advert", "Story continues after this ad"),
    ]),
}


def main():
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    cands = [n for n in range(FIRST, LAST + 1) if eligible(json.loads(lines[n - 1])["text"])]
    picked = sorted(random.Random(SEED).sample(cands, COUNT))
    assert picked == sorted(RESIDUE), (picked, sorted(RESIDUE))
    for n in picked:
        slug, about, extra = RESIDUE[n]
        name = f"wn{n}-{slug}"
        paras = paragraphs(json.loads(lines[n - 1])["text"])
        rng = random.Random(f"{SEED}-{n}")
        extra = list(extra)
        rng.shuffle(extra)
        total = len(paras) + len(extra)
        slots = sorted(rng.sample(range(total), len(extra)))
        out, residue, pi, ei = [], [], iter(paras), iter(extra)
        for i in range(total):
            if i in slots:
                reason, text = next(ei)
                out.append(text)
                residue.append({"line": i + 1, "reason": reason, "text_starts": text[:30]})
            else:
                out.append(next(pi))
        (OUT / f"{name}.txt").write_text("\n".join(out), encoding="utf-8")
        gold = {"about": about, "document": f"{name}.txt",
                "source": f"wikinews-cd2000.jsonl line {n}", "residue": residue}
        (OUT / f"{name}.gold.json").write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        print(name, len(paras), "paragraphs,", len(extra), "residue lines")


if __name__ == "__main__":
    main()
