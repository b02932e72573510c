"""The top of the progress page (issue 21): one sentence that tells the story, four short-labelled
numbers; in English, French and Spanish."""

from datetime import date

import pytest

from hrcities import i18n, record
from hrcities.filters import Filters
from hrcities.viewmodels.progress import progress_view

TODAY = date(2026, 11, 28)  # as in conftest.py
LONGEST_LABEL = 32  # characters: a card's label fits beside its help icon at 1280 px (two cards a row)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_story_is_one_sentence_with_the_count_the_engaged_the_reported_figures_and_the_date(real, lang):
    view = progress_view(real, Filters(), lang, TODAY)
    story, count = view.story, view.headcount
    assert story.startswith(count.headline(lang)) and story.endswith(".")
    dates = [i18n.fmt_date(d, lang) for d in (record.data_date(real), *(f.when for f in count.reported))]
    undated = story
    for day in dates:  # "10 déc. 2022": a full stop that ends no sentence
        undated = undated.replace(day, "DATE")
    assert undated.count(". ") == 0  # one sentence
    assert (
        count.is_lower_bound
        and i18n.translator(lang)("At least {n} members on the public record").format(n=count.members)
        in story
    )
    assert f": {i18n.fmt_number(count.engaged, lang)})" in story or f" {count.engaged})" in story
    for figure in count.reported:  # the campaign's latest reported figures, with their dates
        assert figure.text(lang) in story and i18n.fmt_date(figure.when, lang) in story
    assert story.rstrip(".").endswith(i18n.fmt_date(record.data_date(real), lang))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("filtered", [False, True])
def test_the_numbers_have_short_labels_and_their_explanation_in_the_help(real, lang, filtered):
    selection = Filters(regions=("europe",)) if filtered else Filters()
    view = progress_view(real, selection, lang, TODAY)
    assert len(view.numbers) == 4
    for metric in view.numbers:
        assert len(metric.label) <= LONGEST_LABEL, metric.label
        assert metric.help and len(metric.help) > len(metric.label)
    if not filtered:
        assert view.numbers[0].label == i18n.translator(lang)("Members on record")
        assert view.numbers[0].value == i18n.translator(lang)("at least {n}").format(n=view.headcount.members)
