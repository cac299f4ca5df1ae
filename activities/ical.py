"""Calendars as iCalendar (RFC 5545) feeds, written by hand.

A feed needs a handful of properties (UID, DTSTAMP, DTSTART, DTEND, SUMMARY,
LOCATION, DESCRIPTION, STATUS) and the three rules that trip hand-written
feeds up, all kept here and tested: text values escape backslash, semicolon,
comma and newline (§3.3.11); lines end in CRLF (§3.1); a line longer than 75
octets is folded, never inside a UTF-8 character (§3.1: Chinese titles are 3
octets a character). The `icalendar` library would do the same for one more
dependency; these few lines are enough for a feed that is only written.
"""

from datetime import UTC, datetime

from django.utils import timezone

from .models import ActivityStatus

PRODID = "-//community-platform//activities//ZH"


def escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line, folded at 75 octets (continuations start with a space)."""
    parts, current, size = [], "", 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1  # the leading space counts towards the next line
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(activity, *, host: str, url: str, stamp: datetime) -> list[str]:
    status = "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED"
    where = ", ".join(part for part in (activity.venue, activity.area.name) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(activity.starts_at)}",
        f"DTEND:{utc(activity.ends_at)}",
        f"SUMMARY:{escape(activity.title)}",
        f"LOCATION:{escape(where)}",
        f"STATUS:{status}",
    ]
    if activity.description:
        lines.append(f"DESCRIPTION:{escape(activity.description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(activities, *, name: str, host: str, url_for) -> str:
    """The feed's text: `url_for(activity)` gives each event's page (or "")."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for activity in activities:
        lines.extend(event_lines(activity, host=host, url=url_for(activity), stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
