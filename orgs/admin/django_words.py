"""Django's admin in Chinese where Django itself is not.

Some of the admin's strings are missing from Django's own Chinese catalogue
(added in recent releases), and a few are not translatable at all. The
first are listed here with gettext_noop so that `makemessages` copies them
into our catalogue (locale/), which Django reads before its own; the
second are replaced. tests/test_crawl.py finds any that remain.
"""

from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO = [
    # the column headings of every app's table, read by screen readers (admin/app_list.html)
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # admin/auth/user/add_form.html and the password form
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("If disabled, the current password for this user will be lost."),
]


def _boolean_icon(field_val):
    # Django's icon says "True", "False" or "None" in English to screen readers.
    icon_url = static(
        "admin/img/icon-{}.svg".format({True: "yes", False: "no", None: "unknown"}[field_val])
    )
    alt = {True: _("Yes"), False: _("No"), None: _("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', icon_url, alt)


admin_list._boolean_icon = _boolean_icon


ACTIONS = {
    "add": gettext_noop("add"),
    "change": gettext_noop("change"),
    "delete": gettext_noop("delete"),
    "view": gettext_noop("view"),
}


def _permission_str(permission) -> str:
    """A permission as the admin lists it (the groups and account forms), in
    the user's language: Django stores its name in English once, at migrate
    ("Can add historical organisation"); this reads the model's verbose name
    now. Custom permissions keep the name they were declared with."""
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None or action not in ACTIONS:
        return f"{permission.content_type} | {permission.name}"
    name = model._meta.verbose_name
    base = getattr(model, "instance_type", None)  # simple-history's copy of a model
    if base is not None:
        name = _("history of %(model)s") % {"model": base._meta.verbose_name}
    return _("%(app)s | %(action)s %(model)s") % {
        "app": model._meta.app_config.verbose_name,
        "action": _(ACTIONS[action]),
        "model": name,
    }


Permission.__str__ = _permission_str
