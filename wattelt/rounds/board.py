"""What the board page's script needs: the round's state and the words to speak and show.

The page works without it (the form); with it, each tap is saved through the JSON door.
"""
from flask import url_for
from flask_babel import gettext as _

from wattelt.models import Round
from wattelt.names import NOT_NOW, NOT_PLACED_YET, PERSPECTIVE_NAMES, ScaleWords
from wattelt.rounds.scores import DIFFERENCE_THRESHOLD
from wattelt.rounds.service import BoardRights, TopicView, topic_state, unplaced


def script_data(round_: Round, views: list[TopicView], rights: BoardRights, words: ScaleWords) -> dict:
    """words: the words of the round's instrument's scale (names.scale_words)."""
    return {
        "round": round_.id,
        "api": url_for("rounds_api.show", round_id=round_.id),
        "confirm": url_for("rounds.complete", round_id=round_.id),
        "result": url_for("progress.result", round_id=round_.id),
        "threshold": DIFFERENCE_THRESHOLD,
        "perspectives": [{"key": p.value, "name": str(PERSPECTIVE_NAMES[p])} for p in rights.perspectives],
        "notes": rights.notes,
        "topics": [{**topic_state(v.topic, rights.perspectives, rights.notes), "label": v.label} for v in views],
        "unplaced": unplaced(round_),
        "words": {
            "bands": [[start, str(word)] for start, word in words.bands], "ends": [str(words.low), str(words.high)],
            "notPlaced": str(NOT_PLACED_YET), "notNow": str(NOT_NOW),
        },
        "text": {
            "whose": _("Wie legt nu?"),
            "finish": _("Gesprek afronden"),
            "saving": _("Bezig met bewaren…"),
            "saved": _("Alles is bewaard."),
            "waiting": _("Wacht op verbinding. Wat je doet, blijft op dit apparaat bewaard."),
            "overtaken": _("Op een ander apparaat is dit later veranderd. Dat blijft staan."),
            "chipOf": _("Fiche van %(who)s", who="{who}"),
            "scaleOf": _("Schaal voor %(domain)s", domain="{domain}"),
            "notNow": _("Niet nu"),
            "talk": _("Hier wil ik over praten"),
            "talkShort": _("Praten"),
            "notes": _("Notitie"),
            "differ": _("Verschil: praat erover"),
            "step": _("%(n)s van %(total)s", n="{n}", total="{total}"),
            "back": _("Vorige"),
            "next": _("Volgende"),
            "summary": _("Overzicht"),
            "stepsLabel": _("Van onderwerp naar onderwerp"),
            "notKept": _("Deze wijziging kon niet worden bewaard. Controleer de verbinding en probeer het opnieuw."),
            "summaryIntro": _("Hier zie je alle onderwerpen. Een fiche die nog niet gelegd is, staat erbij."),
            "finishBlocked": _("Nog niet alles is bewaard. Wacht tot er verbinding is en probeer het dan opnieuw."),
        },
    }
