"""The charts of the seeds' headline breakdowns (issue 23): transformations
by kind, trainings by programme, money by direction (四领) and by group
served, each with its table. No query here."""

from django.utils.translation import gettext as _

from .models import Figure


def headline_charts(breakdowns) -> dict:
    def chart(*series):
        figures = [figure for _name, figure in series]
        rows = breakdowns.rows(*figures)
        found = {"labels": [row[0] for row in rows]}
        for column, (name, _figure) in enumerate(series, start=1):
            found[name] = [float(row[column]) for row in rows]
        return found

    return {
        "transformations": chart(("values", Figure.TRANSFORMATIONS)),
        "programmes": chart(
            ("trainings", Figure.TRAININGS_BY_PROGRAMME),
            ("person_times", Figure.PERSON_TIMES_BY_PROGRAMME),
        ),
        "directions": chart(("money", Figure.MONEY_BY_DIRECTION)),
        "groups": chart(
            ("money", Figure.MONEY_BY_GROUP),
            ("projects", Figure.PROJECTS_BY_GROUP),
            ("beneficiaries", Figure.BENEFICIARIES_BY_GROUP),
        ),
    }


def headline_text() -> dict:
    return {
        "transformations": _("Transformations"),
        "trainings": _("Trainings"),
        "person_times": _("Person-times"),
        "projects": _("Projects awarded"),
    }


def headline_tables(charts, table) -> dict:
    t = charts["text"]
    return {
        "transformations": table(
            _("Kind of transformation"),
            charts["transformations"],
            [(t["transformations"], "values")],
        ),
        "programmes": table(
            _("Programme"),
            charts["programmes"],
            [(t["trainings"], "trainings"), (t["person_times"], "person_times")],
        ),
        "directions": table(_("Direction"), charts["directions"], [(t["money"], "money")]),
        "groups": table(
            _("Group served"),
            charts["groups"],
            [
                (t["money"], "money"),
                (t["projects"], "projects"),
                (t["beneficiaries"], "beneficiaries"),
            ],
        ),
    }
