"""Form parts other apps share: the groups served (服务对象) as check boxes,
grouped under their broad group."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import ServedGroup


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Check boxes whose broad groups are fieldsets named by their legend (a
    screen reader says "老年人, 高龄老人"), laid out by the site's own
    template: Django's renders a group's name as a label tied to nothing."""

    template_name = "includes/grouped_checkboxes.html"

    def _render(self, template_name, context, renderer=None):
        return render_to_string(template_name, context)


class _GroupedChoices(ModelChoiceIterator):
    """A broad group with narrower ones is a group of choices (itself first,
    for what serves all of them); one without is a choice of its own."""

    def __iter__(self):
        narrower: dict[int, list] = {}
        tops = []
        for group in self.queryset:
            if group.parent_id:
                narrower.setdefault(group.parent_id, []).append(group)
            else:
                tops.append(group)
        for top in tops:
            if top.pk in narrower:
                yield (top.name, [self.choice(g) for g in [top, *narrower[top.pk]]])
            else:
                yield self.choice(top)


class ServedGroupsField(forms.ModelMultipleChoiceField):
    iterator = _GroupedChoices
    widget = GroupedCheckboxes

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Groups served"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Tick every group it is for; a broad group covers its narrower ones.")
        )
        super().__init__(queryset=ServedGroup.objects.for_choices(), **kwargs)

    def label_from_instance(self, group):
        return group.name
