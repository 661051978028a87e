"""How an expiry date looks: red once the lot has expired, amber when it expires within
`theme.EXPIRY_SOON_DAYS`, with words beside the colour so it never rests on colour alone.

Only presentation: whether an expired lot may be picked is the stations' business.
"""

from datetime import date

from app.ui import theme
from app.ui.widgets.record_model import RowStyle

EXPIRED, SOON = "expired", "soon"


def as_date(value: object) -> date | None:
    """An expiry as the stations give it (a date, or ISO text from SQL) as a date."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def days_left(value: object, today: date) -> int | None:
    expiry = as_date(value)
    return None if expiry is None else (expiry - today).days


def state(value: object, today: date) -> str | None:
    left = days_left(value, today)
    if left is None:
        return None
    if left < 0:
        return EXPIRED
    if left <= theme.EXPIRY_SOON_DAYS:
        return SOON
    return None


def text(value: object, today: date) -> str:
    """`2026-06-10 (9 days)`, `2026-05-20 EXPIRED`, or the date alone."""
    expiry = as_date(value)
    if expiry is None:
        return "" if value in (None, "") else str(value)
    left = (expiry - today).days
    if left < 0:
        return f"{expiry.isoformat()} EXPIRED"
    if left <= theme.EXPIRY_SOON_DAYS:
        return f"{expiry.isoformat()} ({left} day{'s' if left != 1 else ''})"
    return expiry.isoformat()


def describe(value: object, today: date) -> str | None:
    left = days_left(value, today)
    if left is None:
        return None
    if left < 0:
        return f"Expired {-left} day{'s' if left != -1 else ''} ago"
    if left == 0:
        return "Expires today"
    return f"Expires in {left} day{'s' if left != 1 else ''}"


def style(value: object, today: date) -> RowStyle | None:
    kind = state(value, today)
    if kind == EXPIRED:
        return RowStyle(theme.EXPIRED_ROW, theme.EXPIRED_TEXT, True, describe(value, today))
    if kind == SOON:
        return RowStyle(theme.EXPIRING_ROW, theme.EXPIRING_TEXT, False, describe(value, today))
    return None


def colours(value: object, today: date) -> tuple[str, str] | None:
    """(background, text) for a label showing this expiry, or None for an ordinary one."""
    found = style(value, today)
    return (found.background, found.foreground) if found else None
