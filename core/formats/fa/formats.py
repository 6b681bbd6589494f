from core.l10n import PERSIAN_DECIMAL_SEPARATOR, PERSIAN_THOUSANDS_SEPARATOR

# Formats Django uses where our Jalali helpers are not involved (numbers in
# the admin, Gregorian fallbacks). Dates meant for people go through
# core.jalali, because Django's own "fa" formats are Gregorian.
DATE_FORMAT = "Y/m/d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y/m/d H:i"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = PERSIAN_DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = PERSIAN_THOUSANDS_SEPARATOR
NUMBER_GROUPING = 3
