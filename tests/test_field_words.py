"""Each model names its own fields: a word that means one thing in one place
(组织状态, 组织类别, 组织名称) is not borrowed by a field that means another,
and no two models' statuses read the same in Chinese."""

from collections import defaultdict

from django.apps import apps
from django.utils import translation

OURS = {
    "orgs",
    "incubators",
    "projects",
    "grids",
    "residents",
    "assessments",
    "notifications",
    "downloads",
}
ORGANISATION_WORDS = {"组织状态", "组织类别", "组织名称"}


def _fields():
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "verbose_name", None) and not field.auto_created:
                yield model, field


def test_the_organisations_words_label_only_the_organisations_fields():
    with translation.override("zh-hans"):
        borrowed = [
            f"{model._meta.label}.{field.name}: {field.verbose_name}"
            for model, field in _fields()
            if str(field.verbose_name) in ORGANISATION_WORDS
            and model._meta.label != "orgs.Organisation"
        ]
    assert borrowed == []


def test_no_two_models_statuses_read_the_same():
    by_word = defaultdict(list)
    with translation.override("zh-hans"):
        for model, field in _fields():
            if field.name in ("status", "state"):
                by_word[str(field.verbose_name)].append(model._meta.label)
    assert {word: models for word, models in by_word.items() if len(models) > 1} == {}
    assert "状态" not in by_word  # a bare 状态 says nothing of whose status
