from django.urls import path

from . import files

app_name = "open_data"

# Under /public/data/: stable addresses, linked from the front door.
urlpatterns = [
    path("", files.index, name="index"),
    path("<slug:name>.csv", files.data_file, {"fmt": "csv"}, name="csv"),
    path("<slug:name>.json", files.data_file, {"fmt": "json"}, name="json"),
]
