"""CSV files as Dutch Excel opens them, for every file the app hands out (a member's rounds, the
team figures).

";" between fields: Excel in a Dutch locale uses the comma for decimals and reads ";" as the
separator when the file is opened by double-click. UTF-8 with a byte order mark: without it Excel
reads the file as Windows-1252 and garbles "ë", Arabic or Ukrainian words. Lines end in CRLF (RFC
4180). Other programs read the same file with encoding utf-8-sig and delimiter ";".

A cell that starts as a formula would (= + - @, a tab or a carriage return) gets a leading
apostrophe, so a spreadsheet shows the text instead of running it, unless it is a plain number
("-10", "+5", "40%"), which stays a number.
"""
import csv
import io
import re
from collections.abc import Iterable, Sequence

DELIMITER = ";"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")


def safe(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text) else text


def write(rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n").writerows([safe(cell) for cell in row] for row in rows)
    return BOM + out.getvalue()
