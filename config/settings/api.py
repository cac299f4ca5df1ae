"""The JSON API's settings (Django REST framework, tokens, the OpenAPI
schema): part of `config.settings.base`, which gathers the parts."""

from config.env import env

from .security import TRUSTED_PROXY_COUNT

# The JSON API (/api/v1/) for the mini-program and apps: token or session
# authentication, jurisdiction applied by each view, OpenAPI schema at
# /api/schema/ with its documentation at /api/docs/ (served locally).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "orgs.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "lib.api.ApiSchema",
    "EXCEPTION_HANDLER": "lib.api.exception_handler",
    # Our throttles ask lib.clients.client_ip; NUM_PROXIES makes any plain DRF
    # throttle read the same entry (0: REMOTE_ADDR, never the whole header).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("API_LOGIN_RATE", default="10/min"),
        "public_report": env.str("API_PUBLIC_REPORT_RATE", default="10/hour"),
        "public_rating": env.str("API_PUBLIC_RATING_RATE", default="30/hour"),
        # Residents' sign-in (residents.api), besides the codes' own limits
        # per phone and address (RESIDENT_CODES_*): code checks per address.
        "resident_codes": env.str("API_RESIDENT_CODES_RATE", default="20/hour"),
        "resident_tokens": env.str("API_RESIDENT_TOKENS_RATE", default="30/hour"),
        "resident_reports": env.str("API_RESIDENT_REPORTS_RATE", default="120/hour"),
        "survey": env.str("API_SURVEY_RATE", default="30/hour"),
        # The open data (/api/v1/public/rounds/ ... and /public/data/ files),
        # anonymous: generous for a script paging through a district's
        # projects, a bound on one address scraping in a loop.
        "open_data": env.str("API_OPEN_DATA_RATE", default="600/hour"),
    },
}
# API tokens (POST /api/v1/auth/token/) last a week: the mini-program runs on
# grid members' own phones, used in the field every day, where typing a
# password each morning is friction; a week bounds what a leaked token is
# worth. Each login issues a new token (one per device); a password change,
# a reset, deactivation, lockout or POST /api/v1/auth/logout/ ends them sooner.
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=7 * 24)
# The licence of the open data (projects.opendata): every API answer and
# file under /api/v1/public/ (rounds, projects, notices, funds,
# organisations) and /public/data/ names it.
OPEN_DATA_LICENCE = {
    "name": env.str("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0"),
    "url": env.str("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
# Downloads of the open-data files (/public/data/<dataset>.csv|json) an
# address may make in an hour (lib.throttle).
OPEN_DATA_FILES_PER_HOUR = env.int("OPEN_DATA_FILES_PER_HOUR", default=120)
SPECTACULAR_SETTINGS = {
    "TITLE": "社区社会组织管理平台 API",
    "DESCRIPTION": (
        "For the mini-program and apps: grid tickets (report, follow, rate), residents' "
        "sign-in by phone and code with their own reports, and the residents' survey; "
        "and the open data (信息公开), anonymous and read-only: rounds, projects, award "
        "notices, funds and organisations, under the licence each answer names."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {
            "name": "open data",
            "description": (
                "信息公开: what anyone may know of project rounds, micro-projects, award "
                "notices (公示) with their objections (质疑), governance funds and community "
                "organisations. Anonymous, read-only, paged, counted per client address; no "
                "personal data. Every answer names its licence and `data_as_of`; the same "
                "records as CSV and JSON files at /public/data/."
            ),
        }
    ],
    # The survey's three questions share one five-level scale: one enum.
    "ENUM_NAME_OVERRIDES": {"SurveyLevelEnum": "assessments.models.surveys.Level"},
}
