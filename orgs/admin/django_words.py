"""Django's admin in Chinese where Django (or an app it shows) is not.

Some of the admin's strings are missing from Django's own Chinese catalogue
(added in recent releases), and a few are not translatable at all. The
first are listed here with gettext_noop so that `makemessages` copies them
into our catalogue (locale/), which Django reads before its own; the
second are replaced. tests/test_crawl.py finds any that remain.
"""

from django.apps import apps as django_apps
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO = [
    # the column headings of every app's table, read by screen readers (admin/app_list.html)
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # the title of a form sent back with errors (admin/change_form.html)
    gettext_noop("Error:"),
    # admin/auth/user/add_form.html
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
]

# django-axes (failed logins and lockouts) ships no Chinese: its models' and
# fields' names as it declares them.
MISSING_FROM_AXES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Path"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Not set"),
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


def _model_name(model) -> str:
    base = getattr(model, "instance_type", None)  # simple-history's copy of a model
    if base is not None:
        return _("history of %(model)s") % {"model": _model_name(base)}
    if model._meta.auto_created:  # the table of a many-to-many field
        first, second = [f.related_model for f in model._meta.fields if f.many_to_one][:2]
        return _("links of %(first)s and %(second)s") % {
            "first": first._meta.verbose_name,
            "second": second._meta.verbose_name,
        }
    return str(model._meta.verbose_name)


def _permission_str(permission) -> str:
    """A permission as the admin lists it (the groups and account forms), in
    the user's language: Django stores its name in English once, at migrate
    ("Can add historical organisation"); this reads the model's verbose name
    now. Custom permissions keep the name they were declared with."""
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None:
        return f"{permission.content_type} | {permission.name}"
    if action not in ACTIONS:  # declared in a model's Meta.permissions, through gettext
        return f"{model._meta.app_config.verbose_name} | {_(permission.name)}"
    name = _model_name(model)
    return _("%(app)s | %(action)s %(model)s") % {
        "app": model._meta.app_config.verbose_name,
        "action": _(ACTIONS[action]),
        "model": name,
    }


Permission.__str__ = _permission_str


def _link_str(row) -> str:
    first, second = (f for f in row._meta.fields if f.many_to_one)
    return f"{getattr(row, first.name)} – {getattr(row, second.name)}"


# The tables of many-to-many fields, as the admin's delete page lists them
# ("Residency-servicekind关系: Residency_services object (43)").
for _through in django_apps.get_models(include_auto_created=True):
    if _through._meta.auto_created and not hasattr(_through, "instance_type"):
        _through._meta.verbose_name = lazy(_model_name, str)(_through)
        _through._meta.verbose_name_plural = _through._meta.verbose_name
        _through.__str__ = _link_str
