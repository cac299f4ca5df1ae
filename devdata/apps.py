from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Only for its management commands: no models."""

    name = "devdata"
