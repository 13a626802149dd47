"""A member's rounds as CSV: pure functions, loaded rounds in, rows and text out.

One row per round × domain × perspective ("long" form): every case-file system and spreadsheet
imports it without knowing our domains beforehand, and an own domain or a third perspective adds
rows, not columns. The three states of a chip are a column of their own (placed, not_now,
not_placed: the words of the JSON door), and the value is filled only when placed, so neither
"not now" nor "not placed" can be read as a score.

The file is written as every CSV of the app is (wattelt.spreadsheet: for Dutch Excel first, and
no cell runs as a formula).
"""
from collections.abc import Mapping

from wattelt import spreadsheet
from wattelt.models import Round

COLUMNS = [
    "member_id", "round_id", "round_number", "held_on", "instrument", "instrument_version",
    "domain_key", "domain_label", "own_domain", "perspective", "state", "value",
]


def rows(rounds: list[Round], labels: Mapping[int, str]) -> list[dict]:
    """rounds: the member's completed rounds in the order held (numbered as on the progress page);
    labels: each topic's label by topic id, in the export's language."""
    found = []
    for number, round_ in enumerate(rounds, start=1):
        for topic in round_.topics:
            for perspective in round_.perspectives:
                chip = topic.chip(perspective)
                state = "not_placed" if chip is None else ("not_now" if chip.value is None else "placed")
                found.append({
                    "member_id": round_.member_id, "round_id": round_.id, "round_number": number,
                    "held_on": round_.held_on.isoformat(), "instrument": round_.instrument.key,
                    "instrument_version": round_.instrument.version,
                    "domain_key": topic.domain.key if topic.domain else "", "domain_label": labels[topic.id],
                    "own_domain": "yes" if topic.domain is None else "no", "perspective": perspective.value,
                    "state": state, "value": chip.value if state == "placed" else "",
                })
    return found


def to_csv(found: list[dict]) -> str:
    return spreadsheet.write([COLUMNS, *([row[column] for column in COLUMNS] for row in found)])
