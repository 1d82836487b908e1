"""Gazetteer: countries, demonyms, capitals, organisations, roles, names."""
from __future__ import annotations

from newsgraph.nlp.gazetteer import first_name_gender, gazetteer, key, load_data, nominals


def test_countries_demonyms_and_capitals():
    gaz = gazetteer()
    assert gaz.country_of("Russia") == gaz.country_of("the Russian Federation") == "RUS"
    assert gaz.demonym_of("Hungarian") == "HUN" and gaz.demonym_of("Spaniard") == "ESP"
    assert gaz.capital_of("Kyiv") == "UKR" and gaz.capital_of("Brasília") == "BRA"
    assert gaz.country_names["RUS"] == "Russia" and gaz.country_names["GBR"] == "United Kingdom"


def test_key_folds_case_accents_and_article():
    assert key("The Élysée") == key("elysee") == "elysee"
    assert key("Kremlin’s") == "kremlin's"


def test_organisations_are_coded():
    gaz = gazetteer()
    assert (gaz.org("NATO").code, gaz.org("NATO").sector) == ("NATO", "IGO")
    assert gaz.org("U.N. Security Council").code == "UN"
    assert gaz.org("BBC").sector == "MED" and gaz.org("BBC").code == "GBR"
    assert gaz.org("the Kremlin").kind == "seat" and gaz.org("the Kremlin").code == "RUS"
    assert (gaz.org("Hezbollah").code, gaz.org("Hezbollah").sector) == ("LBN", "REB")


def test_roles_map_to_sectors():
    gaz = gazetteer()
    assert gaz.sector_of_role("foreign minister") == "GOV"
    assert gaz.sector_of_role("troops") == "MIL"
    assert gaz.sector_of_role("newspaper") == "MED"
    assert gaz.sector_of_role("police") == "GOV"


def test_first_names_give_gender():
    assert first_name_gender("Maria") == "f"
    assert first_name_gender("David") == "m"
    assert first_name_gender("Xq") is None
    assert first_name_gender("") is None


def test_titles_months_pronouns_and_places_are_not_first_names():
    """The name list holds them as given names; in news they are something else."""
    for word in ("General", "Judge", "March", "June", "The", "His", "France", "Iran", "Paris", "Jordan", "Virginia"):
        assert first_name_gender(word) is None, word
    assert first_name_gender("Sultan") == "m"  # a title in some places, and a common given name


def test_nominals_classify_nouns():
    nom = nominals()
    assert "business" in nom.org_class["airline"] and "sport" in nom.org_class["club"]
    assert nom.relational["wife"] == "f" and "wife" in nom.family
    assert "government" in nom.state and "village" in nom.place and "residents" in nom.group


def test_every_curated_file_names_its_source():
    for name in ("roles.json", "igos.json", "media.json", "seats.json", "countries_extra.json",
                 "nominals.json", "armed_groups.json"):
        assert load_data(name)["_source"].strip(), name


def test_gazetteer_is_built_once_per_process():
    assert gazetteer() is gazetteer() and nominals() is nominals()
