"""A consultation's results drawn as charts on its page: answers per option, and per township and age group."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from markupsafe import Markup

from feedback.outreach.models import Campaign
from web import charts

MAX_GROUPS = 40  # townships or age groups drawn, the most answers first (the CSV has them all)


def draw(campaign: Campaign, tallies: dict[str, Counter]) -> dict[str, Markup]:
    """Return the charts of a consultation's answers: "option", "township" and "age_group"."""
    numbers = range(1, len(campaign.options) + 1)
    labels = [f"{number}. {label}" for number, label in zip(numbers, campaign.options, strict=True)]
    drawn = {"option": charts.bars(labels, [tallies["option"][n] for n in numbers], _("Answers per option"))}
    for by, title in (("township", _("Answers by township")), ("age_group", _("Answers by age group"))):
        totals = Counter({group: 0 for group, _number in tallies[by]})
        for (group, _number), count in tallies[by].items():
            totals[group] += count
        groups = [group for group, _total in sorted(totals.items(), key=lambda item: (-item[1], item[0]))][:MAX_GROUPS]
        counts = [[tallies[by][(group, n)] for n in numbers] for group in groups]
        drawn[by] = charts.stacked(groups, labels, counts, title)
    return drawn
