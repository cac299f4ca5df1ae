"""Django's Simplified Chinese formats, with money grouped by thousands as
Chinese financial statements write it (300,000.00元): Django's own leave
the separator empty. Only amounts asked for with `floatformat:"2g"` are
grouped (USE_THOUSAND_SEPARATOR stays off)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
