"""A column a ledger both writes and reads: its header in Chinese and
English, the other names offices give it, and how its cells are typed.

One declaration heads the export, the import template and the import, so a
sheet exported from the platform can be edited in Excel or WPS and read back.
"""

import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise

from .writer import TEXT, Column


@dataclass(frozen=True)
class LedgerField:
    key: str
    header: Promise
    kind: str = TEXT
    width: int = 14
    aliases: tuple[str, ...] = ()
    importable: bool = True
    required: bool = False
    help: Promise | str = ""
    personal: str = ""  # a kind of personal data the column holds (orgs.privacy)

    @property
    def column(self) -> Column:
        return Column(self.header, self.kind, self.width, personal=self.personal)

    def names(self) -> set[str]:
        """Every header text that means this column, normalised."""
        with translation.override("zh-hans"):
            chinese = str(self.header)
        with translation.override("en"):
            english = str(self.header)
        return {normalise_header(name) for name in (chinese, english, self.key, *self.aliases)}


def normalise_header(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    for noise in (" ", "\n", "\r", "\t", "*", "＊", "（必填）", "(必填)", "必填"):
        text = text.replace(noise, "")
    return text.lower()
