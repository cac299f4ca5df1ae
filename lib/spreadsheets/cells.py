"""Turn cell values into Python values, with messages for the import report.

Each parser takes what a person may have typed and returns a value, or
raises ValueError with a message in the user's language naming what was
wrong and what is expected.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _

EXCEL_EPOCH = date(1899, 12, 30)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value).replace("\u3000", " ")).strip()


def half_width(value) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text(value))


DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})\s*年?$"),
]


def parse_date(value) -> date | None:
    """Excel dates, serial numbers, and text: 2021年3月5日, 2021.03.05, 2021-3-5,
    2021/3/5, 20210305, 2021年3月 or 2021.3 (the 1st), 2021年 (1 January)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    raw = half_width(value)
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            parts = [int(part) for part in match.groups()] + [1, 1]
            year, month, day = parts[:3]
            try:
                parsed = date(year, month, day)
            except ValueError:
                break
            if not 1900 <= parsed.year <= date.today().year + 1:
                break
            return parsed
    raise ValueError(
        _("“%(value)s” is not a date; write it like 2021-03-05, 2021年3月5日 or 2021年3月.")
        % {"value": text(value)}
    )


def parse_count(value) -> int:
    """A whole number of people; blank is 0."""
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = half_width(value).replace(",", "").removesuffix("人").removesuffix("名").strip()
        if not raw.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text(value)})
        number = int(raw)
    if number < 0:
        raise ValueError(_("A count cannot be negative."))
    return number


YES = {"是", "有", "√", "✓", "y", "yes", "true", "1", "对"}
NO = {"否", "无", "×", "x", "n", "no", "false", "0", "不是", "没有"}


def parse_yes_no(value) -> bool:
    """是/否, 有/无, √/×, Y/N; blank is no."""
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    raw = half_width(value).lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError(_("“%(value)s” is not 是 or 否.") % {"value": text(value)})


class ChoiceParser:
    """Reads a choice by its label (in Chinese or English) or a known alias.

    The label table is built on first use and kept, so an import builds it
    once, not once per cell (building it switches the language twice per
    choice)."""

    def __init__(self, choices, aliases=None, *, default=None):
        self.choices, self.aliases, self.default = choices, aliases or {}, default
        self._table = None

    def table(self) -> dict:
        if self._table is None:
            table = {}
            for choice in self.choices:
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        table[half_width(str(choice.label))] = choice.value
                table[choice.value] = choice.value
            for alias, choice_value in self.aliases.items():
                table[half_width(alias)] = choice_value
            self._table = table
        return self._table

    def __call__(self, value):
        if value in (None, ""):
            if self.default is not None:
                return self.default
            raise ValueError(_("This column cannot be empty."))
        raw = half_width(value)
        table = self.table()
        if raw in table:
            return table[raw]
        allowed = "、".join(str(choice.label) for choice in self.choices)
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": text(value), "allowed": allowed}
        )


def parse_choice(value, choices, aliases=None, *, default=None):
    """A choice by its label (in Chinese or English) or a known alias; for a
    column read many times, keep a ChoiceParser instead."""
    return ChoiceParser(choices, aliases, default=default)(value)
