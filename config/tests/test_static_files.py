"""Production's static files: collectstatic with the manifest storage succeeds.

The manifest storage rewrites every url() and sourceMappingURL it finds and
refuses a reference to a file that is not shipped, so one vendored file with
a dangling source-map line stops collectstatic and every page then answers
500 in production (CI runs the real command under production settings too).
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

STATIC = Path(settings.BASE_DIR) / "static"
SOURCE_MAP = re.compile(rb"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_static_file_names_is_shipped():
    dangling = []
    for path in STATIC.rglob("*"):
        if path.suffix in {".js", ".css"}:
            for name in SOURCE_MAP.findall(path.read_bytes()):
                if not (path.parent / name.decode()).exists():
                    dangling.append(f"{path.relative_to(STATIC)} -> {name.decode()}")
    assert dangling == []


def test_collectstatic_with_the_production_storage(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/chartjs/chart.umd.min.js" in manifest
    assert "admin/css/base.css" in manifest
