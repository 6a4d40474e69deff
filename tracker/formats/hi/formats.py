"""Dates and numbers as the Hindi portal writes them.

Dates as in the English portal, day month year with a 24-hour clock (the month names are
Django's Hindi ones: "2 अक्टूबर 2026"). Numbers in the Indian system: the first group of three
digits, then groups of two (12,34,567), for counts and for rupee and dollar amounts alike.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)
