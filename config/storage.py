"""The local folder for private files in the embedded default (production
uses the S3 store, see STORAGES in settings)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage at PRIVATE_ROOT (read when used, so a test that
    changes PRIVATE_ROOT gets its own folder) with no URL: private files are
    fetched only through the platform's checked views."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location, base_url=None, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no address: serve them through a view.")
