from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Territory, accounts and organisations")
    admin_order = [
        "organisation",
        "filingapplication",
        "person",
        "talent",
        "training",
        "servicerecord",
        "pointsentry",
        "category",
        "area",
        "user",
    ]
