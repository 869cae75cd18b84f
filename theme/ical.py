"""A minimal RFC 5545 writer for the events feed (all-day VEVENTs)."""

from datetime import timedelta

from django.utils import timezone


def _escape(text: str) -> str:
    return (
        str(text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (CRLF + space)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        size = 75 if start == 0 else 74
        chunk = encoded[start : start + size]
        while True:  # never split a UTF-8 sequence
            try:
                parts.append(chunk.decode())
                break
            except UnicodeDecodeError:
                chunk = chunk[:-1]
        start += len(chunk)
    return "\r\n ".join(parts)


def calendar(events, *, host: str, url_for, name: str) -> str:
    """A VCALENDAR of all-day events, each a row (dict) with the fields of ``theme.selectors.events.FEED_FIELDS``;
    ``url_for(url_path)`` gives each event's absolute URL (None: the event has no URL line)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OWASP Nest//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        start = event["start_date"]
        if not start:
            continue
        end = (event["end_date"] or start) + timedelta(days=1)  # DTEND is exclusive
        description = " ".join(part for part in (event["dates_text"], event["pitch"], event["website"]) if part)
        url = url_for(event["url_path"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event['id']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(event['title'])}",
        ]
        if url:
            lines.append(f"URL:{url}")
        if event["location"]:
            lines.append(f"LOCATION:{_escape(event['location'])}")
        if event["category"]:
            lines.append(f"CATEGORIES:{_escape(event['category'])}")
        if description:
            lines.append(f"DESCRIPTION:{_escape(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
