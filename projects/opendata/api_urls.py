from django.urls import path

from .api import list_view
from .datasets import DATASETS

# Under /api/v1/public/: /api/v1/public/rounds/, projects/, notices/, ...
urlpatterns = [path(f"{name}/", list_view(name), name=f"open-data-{name}") for name in DATASETS]
