"""Sidebar filters, practice search and peer territories."""

import shutil

import pandas as pd
import pytest

from hrcities import content, practice_index
from hrcities.filters import (
    FILTER_SPECS,
    Filters,
    country_counts_view,
    filter_options,
    filter_practices,
    filter_territories,
    names_view,
    options_view,
    practices_view,
    territories_view,
    with_practices_view,
)
from hrcities.load import load_campaign
from hrcities.paths import ROOT
from hrcities.peers import peer_territories, territory_profile
from hrcities.search import normalise, normalise_all

# every practice of Ciudad Juárez, read straight from data/practices.csv: the place name is indexed
# with each practice (`practice_index`), so "juarez" finds them all (4 in the December 2026 data)
JUAREZ_PRACTICES = set(
    pd.read_csv(ROOT / "data" / "practices.csv").query("territory_id == 'ciudad-juarez'")["id"]
)

# --- filters -------------------------------------------------------------------------------------


def test_filters_active_keeps_only_restricting_ones():
    selection = Filters(regions=("europe",), years=(2022,), rights=("housing",))
    assert selection.active() == {"regions": ("europe",), "years": (2022,), "rights": ("housing",)}
    assert Filters().active() == {}


@pytest.mark.parametrize(
    "selection, table, expected",
    [
        (
            Filters(regions=("europe",), years=(2022,), rights=("housing",)),
            "territories",
            [("regions", "uclg_region", ("europe",)), ("years", "joined_year", (2022,))],
        ),
        (
            Filters(regions=("europe",), years=(2022,), rights=("housing",)),
            "practices",
            [("rights", "rights", ("housing",))],
        ),
        (
            Filters(groups=("youth",), themes=("participation",)),
            "practices",
            [("themes", "themes", ("participation",)), ("groups", "target_groups", ("youth",))],
        ),
        (Filters(groups=("youth",)), "territories", []),
        (Filters(), "practices", []),
    ],
)
def test_filters_for_table(selection, table, expected):
    assert [(s.key, s.column, v) for s, v in selection.for_table(table)] == expected


def test_every_filter_spec_is_a_field():
    assert [s.key for s in FILTER_SPECS] == list(Filters.__dataclass_fields__)


@pytest.mark.parametrize(
    "selection, expected",
    [
        (Filters(), ["testville", "sampleton", "fakeburg", "mockford", "nulltown", "dummytown"]),
        (Filters(regions=("europe",)), ["testville", "sampleton", "fakeburg", "nulltown"]),
        (Filters(regions=("africa", "latin-america")), ["mockford", "dummytown"]),
        (Filters(countries=("ESP",)), ["testville", "fakeburg", "nulltown"]),
        (Filters(stages=("framework",)), ["sampleton"]),
        (Filters(stages=("engaged", "framework")), ["sampleton", "dummytown"]),
        (Filters(waves=(1,)), ["testville", "sampleton", "fakeburg"]),
        (Filters(years=(2022,)), ["testville", "sampleton", "fakeburg"]),
        (Filters(years=(2023,)), ["mockford"]),
        (Filters(years=(2022, 2023)), ["testville", "sampleton", "fakeburg", "mockford"]),
        (Filters(years=(2024,)), []),
        (Filters(regions=("europe",), stages=("member",), years=(2022,)), ["testville", "fakeburg"]),
        (Filters(regions=("asia-pacific",)), []),
    ],
)
def test_filter_territories(tiny, selection, expected):
    kept = filter_territories(tiny.territories, selection, tiny.practices)
    assert kept["id"].tolist() == expected
    assert list(kept.columns) == list(tiny.territories.columns)  # no helper column left behind


@pytest.mark.parametrize(
    "selection, expected",
    [
        (Filters(rights=("housing",)), ["testville"]),
        (Filters(rights=("right-to-the-city",)), ["testville", "mockford"]),
        (Filters(rights=("care-work",)), []),
        (Filters(themes=("disability-inclusion",)), ["mockford"]),
        (Filters(themes=("participation",)), ["testville", "mockford"]),
        (Filters(groups=("youth",)), ["testville"]),
        (Filters(groups=("youth", "persons-with-disabilities")), ["testville", "mockford"]),
        (Filters(rights=("housing",), themes=("disability-inclusion",)), []),
        (Filters(regions=("africa",), themes=("participation",)), ["mockford"]),
    ],
)
def test_practice_filters_restrict_territories(tiny, selection, expected):
    kept = filter_territories(tiny.territories, selection, tiny.practices)
    assert kept["id"].tolist() == expected


def test_practice_filters_need_the_practices(tiny):
    kept = filter_territories(tiny.territories, Filters(rights=("housing",)))
    assert len(kept) == 6


@pytest.mark.parametrize(
    "selection, expected",
    [
        (Filters(), ["testville-rights-desk", "testville-youth-forum", "mockford-access-plan"]),
        (
            Filters(themes=("participation",)),
            ["testville-rights-desk", "testville-youth-forum", "mockford-access-plan"],
        ),
        (Filters(rights=("right-to-the-city",)), ["testville-rights-desk", "mockford-access-plan"]),
        (Filters(regions=("africa",)), ["mockford-access-plan"]),
        (Filters(regions=("europe",), rights=("right-to-the-city",)), ["testville-rights-desk"]),
        (Filters(years=(2022,), groups=("youth",)), ["testville-youth-forum"]),
        (Filters(years=(2023,), groups=("youth",)), []),
        (Filters(stages=("framework",)), []),
        (Filters(groups=("migrants", "youth")), ["testville-rights-desk", "testville-youth-forum"]),
    ],
)
def test_filter_practices(tiny, selection, expected):
    assert filter_practices(tiny.practices, tiny.territories, selection)["id"].tolist() == expected


@pytest.mark.parametrize(
    "selection",
    [Filters(), Filters(regions=("europe",)), Filters(regions=("africa",), themes=("participation",))],
)
def test_campaign_views_equal_the_filters_and_are_kept_per_selection(tiny, selection):
    territories = territories_view(tiny, selection)
    practices = practices_view(tiny, selection)
    pd.testing.assert_frame_equal(
        territories, filter_territories(tiny.territories, selection, tiny.practices)
    )
    pd.testing.assert_frame_equal(practices, filter_practices(tiny.practices, tiny.territories, selection))
    # asked again (the next rerun): the same frames, not computed again
    assert territories_view(tiny, selection) is territories
    assert practices_view(tiny, Filters(**selection.active())) is practices
    assert options_view(tiny) is options_view(tiny)
    assert options_view(tiny) == filter_options(tiny.territories, tiny.tables)


@pytest.mark.parametrize("selection", [Filters(), Filters(regions=("europe",))])
def test_derived_views_of_the_pages(tiny, selection):
    from hrcities import metrics

    kept = filter_territories(tiny.territories, selection, tiny.practices)
    names = names_view(tiny, selection)
    assert list(names.index) == list(kept.sort_values("name")["id"])
    assert list(names) == sorted(kept["name"])
    pd.testing.assert_frame_equal(country_counts_view(tiny, selection), metrics.country_counts(kept))
    pd.testing.assert_frame_equal(
        with_practices_view(tiny, selection),
        metrics.territories_with_practices(
            filter_practices(tiny.practices, tiny.territories, selection), tiny.territories
        ),
    )
    assert names_view(tiny, selection) is names


def test_a_changed_campaign_gets_its_own_views(tiny):
    """A write makes a new Campaign: what was derived from the old one is not reused."""
    import dataclasses

    selection = Filters(regions=("europe",))
    before = territories_view(tiny, selection)
    renamed = tiny.territories.assign(uclg_region="africa")
    changed = dataclasses.replace(tiny, tables={**tiny.tables, "territories": renamed})
    assert territories_view(changed, selection).empty
    assert territories_view(tiny, selection) is before


def test_filter_options(tiny):
    options = filter_options(tiny.territories, tiny.tables)
    assert [v for v, _ in options["regions"]] == [
        "africa",
        "asia-pacific",
        "eurasia",
        "europe",
        "mewa",
        "latin-america",
        "north-america",
    ]
    assert options["countries"] == [("FRA", "France"), ("KEN", "Kenya"), ("MEX", "Mexico"), ("ESP", "Spain")]
    assert [v for v, _ in options["stages"]] == ["engaged", "pledged", "form_sent", "member", "framework"]
    assert options["waves"] == [(1, "First wave"), (2, "Second wave"), (3, "Third wave")]
    assert options["years"] == [(2022, "2022"), (2023, "2023")]
    assert options["rights"][0] == ("right-to-the-city", "Right to the city")
    assert len(options["rights"]) == 20
    theme_labels = [label for _, label in options["themes"]]
    assert theme_labels == sorted(theme_labels) and len(theme_labels) == 13
    assert options["groups"][0] == ("general-public", "All residents")
    assert set(options) == {s.key for s in FILTER_SPECS}


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ciudad Juárez", "ciudad juarez"),
        ("TÉTOUAN", "tetouan"),
        ("l'Alfàs del Pi", "l alfas del pi"),
        ("  LGBTQIA+  people ", "lgbtqia people"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_normalise_all_is_normalise_of_each_text():
    # the whole-column version (ASCII texts by vectorised operations) gives what normalise gives
    texts = pd.Series(
        [
            "Ciudad Juárez",
            "TÉTOUAN",
            "l'Alfàs del Pi",
            "  LGBTQIA+  people ",
            "Straße",
            "",
            None,
            "Snake_case AND 42!",
            "tab\there",
            "x\u200by",
            "<script>alert(1)</script>",
            "ǅemal",
            "日本語 テキスト",
            "'; DROP TABLE x;--",
        ],
        index=range(100, 114),
    )
    expected = texts.fillna("").map(normalise)
    result = normalise_all(texts)
    assert list(result.index) == list(texts.index)
    assert result.tolist() == expected.tolist()


@pytest.fixture(scope="module")
def real_found(real):
    """`practice_index.search` of the real campaign as the practice library calls it (with the
    translations), by query."""
    translations = content.translations_of(real)[0]
    return lambda query, practices=None: practice_index.search(
        real, real.practices if practices is None else practices, query, translations
    )


@pytest.fixture(scope="module")
def tiny_found(tiny):
    translations = content.translations_of(tiny)[0]
    return lambda query: practice_index.search(tiny, tiny.practices, query, translations)


def why(c, results, query) -> list[tuple[practice_index.Match, ...]]:
    """For each result row, the parts of the practice that `query`'s words were found in."""
    index = practice_index.index_of(c, content.translations_of(c)[0])
    return [index.why(query, c.practices.index.get_loc(label)) for label in results.index]


@pytest.mark.parametrize(
    "query, expected_ids",
    [
        ("juarez", JUAREZ_PRACTICES),
        ("JUÁREZ", JUAREZ_PRACTICES),
        ("juarez charter", {"juarez-charter"}),
        ("kisumu handbook", {"kisumu-handbook"}),
        ("marseille zzzz", set()),
    ],
)
def test_search_is_accent_and_case_insensitive_and_needs_every_word(real_found, query, expected_ids):
    assert {"juarez-charter", "juarez-human-security"} <= JUAREZ_PRACTICES
    assert set(real_found(query)["id"]) == expected_ids


def test_search_uppercase_justice(real, real_found):
    results = real_found("JUSTICE")
    assert set(results["id"]) == set(real_found("justice")["id"])
    assert len(results) >= 3
    assert "san-antonio-legal-support" in set(results["id"])
    assert (results["score"] > 0).all()
    assert results["score"].is_monotonic_decreasing
    assert all(why(real, results, "justice"))  # each result holds the word somewhere


@pytest.mark.parametrize(
    "query, expected_id",
    [
        ("migrants", "testville-rights-desk"),  # target group 'Migrants'
        ("women", "testville-rights-desk"),  # target group 'Women'
        ("justice", "testville-rights-desk"),  # theme 'Access to justice and rights advice'
        ("inclusion", "mockford-access-plan"),  # theme 'Disability inclusion'
    ],
)
def test_search_finds_facet_labels(tiny, tiny_found, query, expected_id):
    # words that are in no title or summary of the tiny campaign: only the facet labels hold them
    results = tiny_found(query)
    assert expected_id in set(results["id"])
    assert all({m.field for m in found} == {"labels"} for found in why(tiny, results, query))


@pytest.mark.parametrize("query", ["ustice", "kisum", "juar"])
def test_search_matches_whole_words_not_parts(real_found, query):
    # practice_index matches a word or its stem, never a part of a word: not even its start
    # ('kisum' is no stem of 'Kisumu'), where the old search matched word starts
    assert real_found(query).empty


@pytest.mark.parametrize(
    "query, expected_ids, field, lang",
    [
        ("forum", {"testville-youth-forum"}, "title", "en"),
        ("county", {"mockford-access-plan"}, "body", "en"),  # its summary
        ("mockford", {"mockford-access-plan"}, "place", None),  # its territory's name
        ("kenya", {"mockford-access-plan"}, "body", "en"),  # its country, in each language
        ("espagne", {"testville-rights-desk", "testville-youth-forum"}, "body", "fr"),
        ("españa", {"testville-rights-desk", "testville-youth-forum"}, "body", "es"),
    ],
)
def test_each_part_of_a_practice_finds_it(tiny, tiny_found, query, expected_ids, field, lang):
    results = tiny_found(query)
    assert set(results["id"]) == expected_ids
    assert all(practice_index.Match(field, lang) in found for found in why(tiny, results, query))


@pytest.fixture(scope="module")
def with_housing_desk(tmp_path_factory, tiny):
    """The tiny campaign plus 'Testville housing desk', the Testville rights desk under another title:
    the two practices differ only in one word of their title."""
    folder = tmp_path_factory.mktemp("tiny") / "tiny"
    shutil.copytree(tiny.data_dir, folder)
    practices = pd.read_csv(folder / "practices.csv", dtype=str, keep_default_na=False)
    desk = practices[practices["id"] == "testville-rights-desk"].assign(
        id="testville-housing-desk", title="Testville housing desk (synthetic)"
    )
    pd.concat([practices, desk]).to_csv(folder / "practices.csv", index=False)
    c = load_campaign(folder, check_geography=True)
    return c, content.translations_of(c)[0]


def test_title_hits_rank_first(with_housing_desk):
    c, translations = with_housing_desk
    results = practice_index.search(c, c.practices, "housing", translations)
    assert results["id"].tolist() == ["testville-housing-desk", "testville-rights-desk"]
    assert results["score"].iloc[0] > results["score"].iloc[1] > 0


def test_empty_query_returns_everything_newest_first_with_score_zero(tiny_found):
    for query in ("", "   ", "!!!"):
        results = tiny_found(query)
        assert results["id"].tolist() == [
            "testville-youth-forum",  # 2022
            "testville-rights-desk",  # 2021
            "mockford-access-plan",  # no start year
        ]
        assert results["score"].tolist() == [0, 0, 0]


EVERYTHING = ["testville-youth-forum", "testville-rights-desk", "mockford-access-plan"]


@pytest.mark.parametrize(
    "query, expected",
    [
        (".*(", EVERYTHING),
        ("[", EVERYTHING),
        ("\\", EVERYTHING),
        ("'; DROP TABLE practices; --", []),
        pytest.param("a" * 10_000, [], id="a*10000"),
        ("(housing", ["testville-rights-desk"]),
        # words past the MAX_WORDS-th are ignored (the library's box also stops at MAX_QUERY characters)
        (" ".join(["housing"] * practice_index.MAX_WORDS + ["zzzz"]), ["testville-rights-desk"]),
        ("\x00housing\n", ["testville-rights-desk"]),
    ],
)
def test_hostile_queries(tiny, tiny_found, query, expected):
    results = tiny_found(query)
    assert results["id"].tolist() == expected
    assert set(results.columns) == set(tiny.practices.columns) | {"score"}
    if expected == EVERYTHING:  # nothing searchable left: everything, unscored
        assert results["score"].tolist() == [0, 0, 0]
    else:
        assert (results["score"] > 0).all()


def test_search_within_no_practices_returns_no_rows(real, real_found):
    """The library searches the filtered practices; a filter can leave none (no practice names
    care work) and the search box must then show no result, not fail."""
    none_left = real.practices[real.practices["rights"].map(lambda r: "care-work" in r)]
    assert none_left.empty
    results = real_found("justice", none_left)
    assert results.empty
    assert "score" in results.columns


# --- peers ---------------------------------------------------------------------------------------


def test_marseille_peers(real):
    peers = peer_territories(real.practices, real.territories, "marseille")
    assert "marseille" not in set(peers["id"])
    assert 1 <= len(peers) <= 5
    assert list(peers.columns) == [
        "id",
        "name",
        "country",
        "similarity",
        "shared_rights",
        "shared_themes",
        "shared_groups",
        "same_region",
        "same_band",
    ]
    assert peers["similarity"].is_monotonic_decreasing
    assert ((peers["similarity"] > 0) & (peers["similarity"] <= 1)).all()
    mine = territory_profile(real.practices, "marseille")
    for peer in peers.itertuples():
        theirs = territory_profile(real.practices, peer.id)
        assert peer.similarity == pytest.approx(len(mine & theirs) / len(mine | theirs))


@pytest.fixture
def hand_built():
    practices = pd.DataFrame(
        [
            ("a1", "a", ["housing", "water-food"], ["participation"]),
            ("a2", "a", ["children"], ["health"]),
            ("b1", "b", ["housing", "children"], ["participation", "health"]),  # same profile as a
            ("c1", "c", ["housing"], ["culture"]),
            ("d1", "d", ["internet"], ["culture"]),  # shares nothing with a
            ("e1", "e", ["water-food"], []),
            ("f1", "f", ["water-food"], []),  # ties with e
        ],
        columns=["id", "territory_id", "rights", "themes"],
    )
    territories = pd.DataFrame(
        {
            "id": list("abcdef"),
            "name": ["Aville", "Bville", "Cville", "Dville", "Eville", "Ateville"],
            "country": ["Spain"] * 6,
        }
    )
    return practices, territories


def test_territory_profile(hand_built):
    practices, _ = hand_built
    assert territory_profile(practices, "a") == {
        "right:housing",
        "right:water-food",
        "right:children",
        "theme:participation",
        "theme:health",
    }
    assert territory_profile(practices, "nowhere") == set()


def test_hand_built_peers(hand_built):
    practices, territories = hand_built
    peers = peer_territories(practices, territories, "a")
    # a: housing, water-food, children + participation, health (5 keys)
    assert peers["id"].tolist() == ["b", "f", "e", "c"]  # d shares nothing; f and e tie, by name
    assert peers["similarity"].tolist() == pytest.approx([4 / 5, 1 / 5, 1 / 5, 1 / 6])
    rows = {p.id: (p.shared_rights, p.shared_themes) for p in peers.itertuples()}
    assert rows == {
        "b": (["children", "housing"], ["health", "participation"]),
        "c": (["housing"], []),
        "e": (["water-food"], []),
        "f": (["water-food"], []),
    }
    assert peers.set_index("id").at["b", "name"] == "Bville"


def test_peers_limit_and_ties_by_name(hand_built):
    practices, territories = hand_built
    peers = peer_territories(practices, territories, "a", limit=2)
    assert peers["id"].tolist() == ["b", "f"]
    assert peer_territories(practices, territories, "e")["id"].tolist() == ["f", "a"]


def test_among_equal_peers_the_same_region_then_the_same_size_come_first(hand_built):
    practices, territories = hand_built
    territories = territories.assign(
        uclg_region=["europe", "europe", "europe", "africa", "africa", "africa"],
        population_band=["up_to_50k", "up_to_50k", "up_to_50k", "up_to_50k", "up_to_50k", "over_1m"],
    )
    # e and f share as much with a; e is in another region, f too, but e has a's size band
    peers = peer_territories(practices.assign(target_groups=[["women"]] * 7), territories, "a")
    assert peers.set_index("id").at["e", "same_band"] and not peers.set_index("id").at["f", "same_band"]
    ids = peers["id"].tolist()
    assert ids.index("e") < ids.index("f")
    assert peers.set_index("id").at["b", "same_region"]
    assert peers.set_index("id").at["b", "shared_groups"] == ["women"]


def test_peers_of_a_territory_without_practices(hand_built):
    practices, territories = hand_built
    assert peer_territories(practices, territories, "zzz").empty
