"""The dashboard's charts: for each Chart.js chart on the board, its labels
and series, from the figures the view has read, with the series names in
the user's language. No query here: the view reads, this arranges."""

from django.utils.translation import gettext as _

from .headline_charts import headline_charts, headline_tables, headline_text
from .models import Figure


def board_charts(*, rows, ledger, categories, annual, trend, breakdowns) -> dict:
    """`rows`: (child area, figures) pairs; `ledger`: the ledger by child
    area; `categories`: (category, count) pairs; `annual`: the year's
    figures or None; `trend`: (month, figures) pairs; `breakdowns`: the
    seeds' headline breakdowns (assessments.headlines)."""
    return {
        **headline_charts(breakdowns),
        "target": _target(rows),
        "ledger": _ledger(ledger),
        "categories": {"labels": [c for c, _ in categories], "values": [n for _, n in categories]},
        "stars": _stars(annual),
        "grades": _grades(annual),
        "tickets": _tickets(trend),
        "projects": _projects(rows),
        "text": _text(),
    }


def _series(pairs, figure):
    return [float(f[figure]) for _, f in pairs]


def _target(rows):
    return {
        "labels": [a.name for a, _ in rows],
        "organisations": _series(rows, Figure.ORGANISATIONS),
        "target": _series(rows, Figure.TARGET),
    }


def _ledger(ledger):
    return {
        "labels": [r["area"].name for r in ledger],
        "registered": [r["registered"] for r in ledger],
        "filed": [r["filed"] for r in ledger],
        "other": [r["other"] for r in ledger],
    }


def _stars(annual):
    return {
        "labels": [_("%(stars)s stars") % {"stars": n} for n in range(5, 0, -1)],
        "values": [
            float(annual[f]) if annual else 0
            for f in (
                Figure.STARS_5,
                Figure.STARS_4,
                Figure.STARS_3,
                Figure.STARS_2,
                Figure.STARS_1,
            )
        ],
    }


def _grades(annual):
    return {
        "labels": ["A", "B", "C", "D"],
        "values": [
            float(annual[f]) if annual else 0
            for f in (Figure.GRADE_A, Figure.GRADE_B, Figure.GRADE_C, Figure.GRADE_D)
        ],
    }


def _tickets(trend):
    return {
        "labels": [p for p, _ in trend],
        "found": _series(trend, Figure.TICKETS_FOUND),
        "closed": _series(trend, Figure.TICKETS_CLOSED),
        "overdue": _series(trend, Figure.TICKETS_OVERDUE),
        "satisfaction": [f.satisfaction for _, f in trend],
    }


def _projects(rows):
    return {
        "labels": [a.name for a, _ in rows],
        "money": _series(rows, Figure.MONEY_GRANTED),
        "beneficiaries": _series(rows, Figure.BENEFICIARIES),
    }


def _text():
    """The series names, translated here because the chart script cannot."""
    return {
        "organisations": _("Organisations"),
        "target": _("Target"),
        "registered": _("Registered"),
        "filed": _("Filed"),
        "other": _("Not yet filed"),
        "found": _("Found"),
        "closed": _("Closed"),
        "overdue": _("Overdue"),
        "satisfaction": _("Satisfaction (%)"),
        "money": _("Money granted (yuan)"),
        "beneficiaries": _("Beneficiaries"),
        "count": _("Organisations"),
        "platforms": _("Platforms"),
        **headline_text(),
    }


def chart_tables(charts: dict) -> dict:
    """Each chart's figures as a table (its text alternative, shown under the
    chart on request): the same labels and series the chart draws, one row a
    label. `{"head": [...], "rows": [[label, value, ...], ...]}` per chart."""
    t = charts["text"]

    def table(first, chart, series):
        names = [name for name, _key in series]
        rows = [
            [label, *(chart[key][n] for _name, key in series)]
            for n, label in enumerate(chart["labels"])
        ]
        return {"head": [first, *names], "rows": rows}

    return {
        "target": table(
            _("Area"),
            charts["target"],
            [(t["organisations"], "organisations"), (t["target"], "target")],
        ),
        "ledger": table(
            _("Area"),
            charts["ledger"],
            [(t["registered"], "registered"), (t["filed"], "filed"), (t["other"], "other")],
        ),
        "categories": table(_("Category"), charts["categories"], [(t["count"], "values")]),
        "stars": table(_("Star rating"), charts["stars"], [(t["count"], "values")]),
        "tickets": table(
            _("Month"),
            charts["tickets"],
            [
                (t["found"], "found"),
                (t["closed"], "closed"),
                (t["overdue"], "overdue"),
                (t["satisfaction"], "satisfaction"),
            ],
        ),
        "projects": table(
            _("Area"),
            charts["projects"],
            [(t["money"], "money"), (t["beneficiaries"], "beneficiaries")],
        ),
        "grades": table(_("Grade"), charts["grades"], [(t["platforms"], "values")]),
        **headline_tables(charts, table),
    }
