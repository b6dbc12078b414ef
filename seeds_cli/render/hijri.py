"""Gregorian to Hijri dates for the article header.

When the ``hijridate`` package is installed its Umm al-Qura calendar (the official Saudi one)
is used.  Otherwise this module falls back on the tabular (arithmetical) Islamic calendar, civil
epoch, 30-year cycle with leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29: it needs no
data tables but can differ by a day or two from Umm al-Qura, so such dates are marked ``≈``.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["HIJRI_MONTHS_AR", "HIJRI_MONTHS_EN", "format_hijri", "to_hijri", "to_hijri_exact"]

HIJRI_MONTHS_AR = (
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
)
HIJRI_MONTHS_EN = (
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhirah",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
)

_EPOCH = 1948440  # Julian day number of 1 Muharram 1 AH in the civil reckoning


def to_hijri(day: _dt.date) -> tuple[int, int, int]:
    """(year, month 1–12, day) in the tabular Islamic calendar."""
    jdn = day.toordinal() + 1721425  # proleptic Gregorian ordinal -> Julian day number
    days = jdn - _EPOCH  # 0 on 1 Muharram 1 AH
    cycle, rest = divmod(days, 10631)  # 30 lunar years
    year_in_cycle = 0
    for y in range(30):
        length = 355 if ((11 * (y + 1) + 14) % 30) < 11 else 354
        if rest < length:
            year_in_cycle = y
            break
        rest -= length
    year = cycle * 30 + year_in_cycle + 1
    month = 1
    while True:
        length = 30 if month % 2 == 1 else 29
        if month == 12 and ((11 * (year_in_cycle + 1) + 14) % 30) < 11:
            length = 30
        if rest < length or month == 12:
            break
        rest -= length
        month += 1
    return year, month, rest + 1


def to_hijri_exact(day: _dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) in the Umm al-Qura calendar, or None without ``hijridate`` or in range."""
    try:
        from hijridate import Gregorian  # optional dependency
    except ImportError:
        return None
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def format_hijri(day: _dt.date, *, arabic: bool = True) -> str:
    """e.g. ``25 جمادى الأولى 1443 هـ`` (or ``25 Jumada al-Ula 1443 AH``); ``≈`` if tabular."""
    exact = to_hijri_exact(day)
    year, month, d = exact or to_hijri(day)
    mark = "" if exact else "≈ "
    if arabic:
        return f"{mark}{d} {HIJRI_MONTHS_AR[month - 1]} {year} هـ"
    return f"{mark}{d} {HIJRI_MONTHS_EN[month - 1]} {year} AH"
