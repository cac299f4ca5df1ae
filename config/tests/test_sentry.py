"""Error tracking: off without a DSN; with one, events carry no personal data."""

import json
import os

from config.sentry import before_send
from tests.processes import manage_shell

PHONE = "13812345678"
RESIDENT_ID = "410108199003071234"


def crafted_event() -> dict:
    """An event as the Django integration builds it for a failed form post."""
    return {
        "message": f"could not save resident {RESIDENT_ID}",
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": f"duplicate key value (phone)=({PHONE})",
                    "stacktrace": {
                        "frames": [
                            {
                                "function": "report",
                                "vars": {"phone": f"'{PHONE}'", "form": {"id": RESIDENT_ID}},
                            }
                        ]
                    },
                }
            ]
        },
        "request": {
            "url": "https://shequ.example.gov.cn/public/tickets/new/",
            "method": "POST",
            "query_string": f"phone={PHONE}",
            "data": {"reporter_phone": PHONE, "description": "路灯坏了"},
            "cookies": {"sessionid": "abc", "csrftoken": "def"},
            "headers": {
                "Authorization": "Token 0123456789abcdef",
                "Cookie": "sessionid=abc",
                "User-Agent": "Mozilla/5.0",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {"id": 7, "username": "street", "ip_address": "203.0.113.9"},
        "breadcrumbs": {"values": [{"message": f"SMS to {PHONE}"}]},
    }


def test_before_send_removes_personal_data_and_secrets():
    event = before_send(crafted_event(), {})
    text = json.dumps(event, ensure_ascii=False)
    for leak in (PHONE, RESIDENT_ID, "0123456789abcdef", "sessionid", "203.0.113.9", "路灯"):
        assert leak not in text, leak
    assert "user" not in event
    assert event["request"]["headers"]["User-Agent"] == "Mozilla/5.0"
    assert event["request"]["url"].endswith("/public/tickets/new/")
    assert event["exception"]["values"][0]["value"] == "duplicate key value (phone)=(138****5678)"
    assert event["message"] == "could not save resident 410108********1234"


def sentry_state(**environ) -> str:
    script = "import sentry_sdk; print('CLIENT', sentry_sdk.get_client().is_active())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **environ)
    done = manage_shell(script, env)
    return done.stdout[done.stdout.index("CLIENT ") :].split()[1]


def test_sentry_starts_only_with_a_dsn():
    assert sentry_state() == "False"
    # A DSN nothing listens on: the SDK starts, and sends nothing here.
    assert sentry_state(SENTRY_DSN="http://public@127.0.0.1:9/1") == "True"


def test_events_carry_no_local_variables():
    """A frame's locals could hold a sign-in code or a text's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test", SENTRY_DSN="http://public@127.0.0.1:9/1"
    )
    script = "import sentry_sdk; print('LOCALS', sentry_sdk.get_client().options['include_local_variables'])"
    done = manage_shell(script, env)
    assert done.stdout[done.stdout.index("LOCALS ") :].split()[1] == "False"
