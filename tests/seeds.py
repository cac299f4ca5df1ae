"""The rows our migrations ship, planted without running the migrations.

The README's suite builds each worker's SQLite database straight from the
models (pytest-django's no-migrations mode, `tests/fixtures.py`): running
the 100-odd migrations took about 70 s of CPU per worker, more than a tenth
of the suite. The data migrations' own functions then plant what they ship,
called here in the order the migrations run. On PostgreSQL (CI, `-m
postgres`) the test database is migrated for real, and
`tests/test_seeds.py` checks there that these functions plant exactly the
rows the migrations leave: a seed added to a migration and not listed here
fails it.
"""

from importlib import import_module

from django.apps import apps

# (migration module, function), in the order `migrate` runs them.
SEEDS = [
    ("orgs.migrations.0002_wuhan_categories", "add_categories"),
    ("incubators.migrations.0002_default_services", "add"),
    ("projects.migrations.0002_directions", "add"),
    ("grids.migrations.0003_categories_and_holidays", "add"),
    ("assessments.migrations.0002_default_template", "add"),
    ("assessments.migrations.0012_score_item_needs_sign_in", "mark"),
    ("orgs.migrations.0022_default_groups_served", "add_groups"),
    ("orgs.migrations.0024_default_community_types", "add_types"),
    ("incubators.migrations.0010_default_specialisms_and_fund_sources", "add"),
    ("party.migrations.0002_six_haves", "add"),
    ("honours.migrations.0002_default_qualification_kinds", "add"),
]

# Models a seed names by the app they lived in when it was written.
MOVED = {("grids", "CalendarDay"): ("orgs", "CalendarDay")}


class _Apps:
    """The registry the seeds ask for their models, as `migrate` hands them
    the historical one: here the current models, under their old names."""

    def get_model(self, app_label, model_name=None):
        if model_name is None:
            app_label, model_name = app_label.split(".")
        return apps.get_model(*MOVED.get((app_label, model_name), (app_label, model_name)))


def plant() -> None:
    for module, function in SEEDS:
        getattr(import_module(module), function)(_Apps(), None)
