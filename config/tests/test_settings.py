"""Settings: the embedded default needs nothing; production refuses to guess."""

import os
import subprocess
import sys

from django.conf import settings

from lib.sms.templates import TEMPLATES

ROOT = settings.BASE_DIR


def run_django(code, env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_environment_it_runs_on_sqlite_with_eager_tasks():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)",
        {"DJANGO_SETTINGS_MODULE": "config.settings.base"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_with_database_and_redis_urls_it_uses_postgresql_and_a_real_broker():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'])",
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": "postgres://u@db.example:5432/shequ",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://cache.example:6379/0",
        "config.cache.RedisCache",  # Django's, forgiving a Redis outage
    ]


def test_production_refuses_to_start_without_its_secrets():
    result = run_django("", {"DJANGO_SETTINGS_MODULE": "config.settings.production"})
    assert result.returncode != 0
    for name in ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"]:
        assert name in result.stderr


def test_production_refuses_a_pinned_day_unless_told_it_is_a_training_copy():
    production = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "ALLOWED_HOSTS": "shequ.example.gov.cn",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "PLATFORM_TODAY": "2026-11-24",
    }
    refused = run_django("", production)
    assert refused.returncode != 0
    assert "PLATFORM_TODAY=2026-11-24" in refused.stderr
    allowed = run_django(
        "from lib import clock; print(clock.today())", {**production, "ALLOW_PINNED_TODAY": "true"}
    )
    assert allowed.stdout.strip() == "2026-11-24", allowed.stderr


def test_production_passes_the_deployment_checklist():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x7$kq!v2Lr9@pZm4Tn8&wB1yHc6^dF3sJg0%eA5uQiRoKlXz-aVbNt",
        "DATABASE_URL": "postgres://u@db.example:5432/shequ",
        "ALLOWED_HOSTS": "shequ.example.gov.cn",
        "REDIS_URL": "redis://cache.example:6379/0",
    }
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_serves_static_files_behind_the_security_middleware():
    """WhiteNoise answers static files itself, so whatever stands before it
    (the HTTPS redirect, HSTS, nosniff) is all a static file gets."""
    result = run_django(
        "from django.conf import settings as s; print('\\n'.join(s.MIDDLEWARE))",
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x7$kq!v2Lr9@pZm4Tn8&wB1yHc6^dF3sJg0%eA5uQiRoKlXz-aVbNt",
            "DATABASE_URL": "postgres://u@db.example:5432/shequ",
            "ALLOWED_HOSTS": "shequ.example.gov.cn",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    middleware = result.stdout.split()
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == security + 1
    assert middleware.index("config.logs.RequestIdMiddleware") < security


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7$kq!v2Lr9@pZm4Tn8&wB1yHc6^dF3sJg0%eA5uQiRoKlXz-aVbNt",
    "DATABASE_URL": "postgres://u@db.example:5432/shequ",
    "ALLOWED_HOSTS": "shequ.example.gov.cn",
    "REDIS_URL": "redis://cache.example:6379/0",
}


def test_production_refuses_an_sms_provider_without_keys_signature_app_id_or_template_ids():
    bare = run_django("", {**PRODUCTION, "SMS_BACKEND": "tencent"})
    assert bare.returncode != 0
    for name in ["SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME", "SMS_APP_ID"]:
        assert name in bare.stderr
    keys = {
        "SMS_ACCESS_KEY_ID": "id",
        "SMS_ACCESS_KEY_SECRET": "secret",
        "SMS_SIGN_NAME": "幸福街道",
    }
    ids = [f"{key}=SMS_{n}" for n, key in enumerate(TEMPLATES)]
    one_short = run_django(
        "", {**PRODUCTION, **keys, "SMS_BACKEND": "aliyun", "SMS_TEMPLATE_IDS": ",".join(ids[1:])}
    )
    assert one_short.returncode != 0
    assert f"SMS_TEMPLATE_IDS for {next(iter(TEMPLATES))}" in one_short.stderr
    assert "SMS_APP_ID" not in one_short.stderr  # Alibaba Cloud has no app id
    complete = run_django(
        "from django.conf import settings as s; print(s.SMS_BACKEND, len(s.SMS_TEMPLATE_IDS))",
        {**PRODUCTION, **keys, "SMS_BACKEND": "aliyun", "SMS_TEMPLATE_IDS": ",".join(ids)},
    )
    assert complete.stdout.split() == ["aliyun", str(len(TEMPLATES))], complete.stderr


def test_production_runs_with_the_outbox_and_refuses_an_unknown_backend():
    outbox = run_django("from django.conf import settings as s; print(s.SMS_BACKEND)", PRODUCTION)
    assert outbox.stdout.strip() == "outbox", outbox.stderr
    assert "SMS" not in outbox.stderr  # no warning: an office may start without SMS
    typo = run_django("", {**PRODUCTION, "SMS_BACKEND": "aliyn"})
    assert typo.returncode != 0 and "SMS_BACKEND=aliyn" in typo.stderr
