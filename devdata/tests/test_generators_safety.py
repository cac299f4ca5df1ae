"""The demo and the city generator never reach a live office: their accounts
share a password printed in the README."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from orgs.models import Area, User

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_refuses_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-production-key-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "ALLOWED_HOSTS": "shequ.example.gov.cn",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "demo", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "拒绝在生产环境配置下运行" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["demo", "city"])
def test_the_generators_refuse_production_settings(command):
    with override_settings(GENERATED_DATA_ALLOWED=False), pytest.raises(CommandError):
        call_command(command, quiet=True) if command == "demo" else call_command("city", scale=0.01)
    assert not User.objects.exists() and not Area.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["demo", "city"])
def test_the_generators_refuse_a_database_with_real_accounts(command):
    # What `manage.py createsuperuser` leaves on a new live database.
    real = User.objects.create_superuser("admin", password="Real-office-pw-2026")
    with pytest.raises(CommandError, match="已有 1 个不是生成器创建的账号"):
        call_command(command, quiet=True) if command == "demo" else call_command("city", scale=0.01)
    assert list(User.objects.all()) == [real]
    real.refresh_from_db()
    assert real.check_password("Real-office-pw-2026")
    assert not Area.objects.exists()


# A rerun of the demo on its own database, and its refusal once a real
# account is added: in test_demo.py, after its build and rerun.
