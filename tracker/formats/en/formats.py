"""Dates as the portal writes them, in the admin too: day month year, 24-hour clock.

Django's own English formats are American ("Oct. 2, 2026, 10:21 p.m."); officials and exporters
read "2 Oct 2026, 22:21". Input formats are Django's (the admin's calendar writes ISO dates).
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
