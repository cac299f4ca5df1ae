"""Demo grids: three to five per community, numbered 第一网格, 第二网格, …"""

from orgs.demo import ensure
from orgs.models import Area

from .models import Grid

NUMERALS = "一二三四五六七八九十"


def build(demo):
    district = demo.areas["惠济区"]
    for community in Area.objects.under(district).communities():
        # Stable per community, so a rerun keeps the same grids.
        count = 3 + int(community.code[-3:]) % 3
        for number in range(1, count + 1):
            ensure(
                Grid,
                {"community": community, "number": number},
                {"name": f"第{NUMERALS[number - 1]}网格"},
            )
