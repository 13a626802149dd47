"""FHIR R4 as plain dicts: the instrument as a Questionnaire, a round as a QuestionnaireResponse.

Pure functions: loaded objects and translated words in, JSON-ready dicts out; no database, no
request. The app builds plain dicts (as charts.py does for plotly) so it needs no FHIR library at
run time; the tests validate the output with fhir.resources' R4B models.

The shape, chosen so a case-management system can read every answer without our database:

- a group per domain (linkId: the domain's key), and in it a group per perspective
  ("housing.resident"), holding two items: "<domain>.<perspective>.state", a coded answer
  (placed, not-now or not-placed from our code system, served at
  "<base>/CodeSystem/chip-state" with a definition of each), and "<domain>.<perspective>.value", an
  integer 0-100, enabled only when the state is placed. So "not now" (the chip says: not now) and
  "not placed" (no chip) are two different codes, never a missing or zero value;
- a perspective that did not take part is left out of the response, as is a domain the resident
  did not choose ("not discussed");
- own domains have no fixed item, since their words are the resident's: the Questionnaire has one
  repeating group "own-domain" with a string item for the label and the same perspective groups;
  the response repeats it once per own domain ("-" cannot occur in a domain key, so it never
  clashes with one);
- the flag and the two notes per domain are optional items beside the perspective groups.

Canonical URLs sit under a configurable base (EXPORT_FHIR_BASE); each instrument version has a
URL of its own ("<base>/Questionnaire/wattelt-adult-1"), so a response names exactly the version
it answers, as the round does.
"""
from collections.abc import Mapping
from datetime import date, datetime

from wattelt.instrument.loader import InstrumentDef
from wattelt.models import Perspective, Round
from wattelt.models.types import SCALE_MAX, SCALE_MIN, as_utc

OWN = "own-domain"
PLACED, NOT_NOW, NOT_PLACED = "placed", "not-now", "not-placed"
STATES = (PLACED, NOT_NOW, NOT_PLACED)
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
OWN_LABEL_LENGTH = 80
NOTE_LENGTH = 500


def questionnaire_id(definition: InstrumentDef) -> str:
    return f"wattelt-{definition.key}-{definition.version}"


def questionnaire_url(base: str, definition: InstrumentDef) -> str:
    return f"{base}/Questionnaire/{questionnaire_id(definition)}"


def held_on_url(base: str) -> str:
    return f"{base}/StructureDefinition/held-on"


STATE_SYSTEM_ID = "chip-state"


def state_system(base: str) -> str:
    return f"{base}/CodeSystem/{STATE_SYSTEM_ID}"


def state_code_system(locale: str, base: str, words: Mapping, elsewhere: Mapping[str, Mapping[str, str]]) -> dict:
    """Our three chip states as a CodeSystem at the address every coded answer names, so a
    receiving system can look up what "not-now" means instead of guessing it is a missing value.
    words: the states' names (by code), their definitions ("<code>.definition"), states_title and
    publisher, in locale; elsewhere: the states' names in other languages, as designations."""
    return {
        "resourceType": "CodeSystem",
        "id": STATE_SYSTEM_ID,
        "url": state_system(base),
        "version": "1",
        "name": "WatteltChipState",
        "title": words["states_title"],
        "status": "active",
        "language": locale,
        "publisher": words["publisher"],
        "caseSensitive": True,
        "content": "complete",
        "count": len(STATES),
        "concept": [
            {
                "code": state, "display": words[state], "definition": words[f"{state}.definition"],
                "designation": [{"language": language, "value": names[state]} for language, names in elsewhere.items()],
            }
            for state in STATES
        ],
    }


def _coding(base: str, state: str, words: Mapping[str, str]) -> dict:
    return {"system": state_system(base), "code": state, "display": words[state]}


def _perspective_group(base: str, prefix: str, perspective: Perspective, words: Mapping) -> dict:
    state_id = f"{prefix}.{perspective.value}.state"
    return {
        "linkId": f"{prefix}.{perspective.value}", "text": words[perspective], "type": "group", "required": False,
        "item": [
            {
                "linkId": state_id, "text": words["state"], "type": "choice", "required": True,
                "answerOption": [{"valueCoding": _coding(base, state, words)} for state in STATES],
            },
            {
                "linkId": f"{prefix}.{perspective.value}.value", "text": words["value"], "type": "integer",
                "extension": [{"url": MIN_VALUE, "valueInteger": SCALE_MIN}, {"url": MAX_VALUE, "valueInteger": SCALE_MAX}],
                "enableWhen": [{"question": state_id, "operator": "=", "answerCoding": _coding(base, PLACED, words)}],
            },
        ],
    }


def _domain_items(base: str, prefix: str, words: Mapping) -> list[dict]:
    """What every domain holds, fixed or own: a group per perspective, the flag and the notes."""
    return [
        *(_perspective_group(base, prefix, p, words) for p in Perspective),
        {"linkId": f"{prefix}.talk", "text": words["talk"], "type": "boolean"},
        {"linkId": f"{prefix}.well", "text": words["well"], "type": "text", "maxLength": NOTE_LENGTH},
        {"linkId": f"{prefix}.better", "text": words["better"], "type": "text", "maxLength": NOTE_LENGTH},
    ]


def questionnaire(definition: InstrumentDef, locale: str, base: str, words: Mapping) -> dict:
    """The instrument version as a Questionnaire in one language. words: the translated texts of the
    perspectives (by Perspective), the states (by code) and the items (state, value, talk, well,
    better, own, own_label, publisher)."""
    items = [
        {
            "linkId": domain.key, "text": domain.text("label", locale), "prefix": str(position), "type": "group",
            "required": False, "item": _domain_items(base, domain.key, words),
        }
        for position, domain in enumerate(definition.domains, start=1)
    ]
    items.append({
        "linkId": OWN, "text": words["own"], "type": "group", "required": False, "repeats": True,
        "item": [
            {"linkId": f"{OWN}.label", "text": words["own_label"], "type": "string", "required": True, "maxLength": OWN_LABEL_LENGTH},
            *_domain_items(base, OWN, words),
        ],
    })
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(definition),
        "url": questionnaire_url(base, definition),
        "version": str(definition.version),
        "name": "Wattelt_" + "".join(c if c.isalnum() else "_" for c in definition.key),
        "title": definition.title(locale),
        "status": "active",
        "language": locale,
        "publisher": words["publisher"],
        "subjectType": ["Patient"],
        "item": items,
    }


def _answer_items(base: str, prefix: str, topic, perspectives: list[Perspective], words: Mapping) -> list[dict]:
    items = []
    for perspective in perspectives:
        chip = topic.chip(perspective)
        state = NOT_PLACED if chip is None else (NOT_NOW if chip.value is None else PLACED)
        inner = [{"linkId": f"{prefix}.{perspective.value}.state", "answer": [{"valueCoding": _coding(base, state, words)}]}]
        if state == PLACED:
            inner.append({"linkId": f"{prefix}.{perspective.value}.value", "answer": [{"valueInteger": chip.value}]})
        items.append({"linkId": f"{prefix}.{perspective.value}", "text": words[perspective], "item": inner})
    items.append({"linkId": f"{prefix}.talk", "answer": [{"valueBoolean": bool(topic.wants_to_talk)}]})
    for key, note in (("well", topic.note_well), ("better", topic.note_better)):
        if note:
            items.append({"linkId": f"{prefix}.{key}", "answer": [{"valueString": note}]})
    return items


def _moment(value: date | datetime) -> str:
    return as_utc(value).isoformat() if isinstance(value, datetime) else value.isoformat()


def response(round_: Round, definition: InstrumentDef, base: str, labels: Mapping[int, str], words: Mapping) -> dict:
    """One round as a QuestionnaireResponse. labels: each topic's label by topic id, in the
    language of the export. The member is named by our id only (a case system links it to its own
    client); the round's id is the response's identifier."""
    items = []
    for topic in round_.topics:
        if topic.domain is None:
            items.append({
                "linkId": OWN, "text": words["own"],
                "item": [{"linkId": f"{OWN}.label", "answer": [{"valueString": topic.own_label}]},
                         *_answer_items(base, OWN, topic, round_.perspectives, words)],
            })
        else:
            items.append({
                "linkId": topic.domain.key, "text": labels[topic.id],
                "item": _answer_items(base, topic.domain.key, topic, round_.perspectives, words),
            })
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"wattelt-round-{round_.id}",
        "identifier": {"system": f"{base}/round", "value": str(round_.id)},
        "questionnaire": questionnaire_url(base, definition),
        "status": "completed" if round_.completed else "in-progress",
        "subject": {"identifier": {"system": f"{base}/member", "value": str(round_.member_id)}},
        # authored: when the answers were last changed (the round's completion). The day of the
        # conversation has no field of its own in R4, and a case system files it by that day.
        "extension": [{"url": held_on_url(base), "valueDate": round_.held_on.isoformat()}],
        "authored": _moment(round_.completed_at or round_.held_on),
        "item": items,
    }


def bundle(responses: list[dict], base: str, member_id: int, at: datetime) -> dict:
    """A member's rounds as one collection (a file a case system can read in one go)."""
    return {
        "resourceType": "Bundle",
        "identifier": {"system": f"{base}/member", "value": str(member_id)},
        "type": "collection",
        "timestamp": _moment(at),
        "entry": [{"fullUrl": f"{base}/QuestionnaireResponse/{r['id']}", "resource": r} for r in responses],
    }


def read_response(data: Mapping) -> dict[tuple[str, str], int | str]:
    """Back from a QuestionnaireResponse to (domain key or 'own:<label>', perspective) → a position,
    'not_now' or 'not_placed': what a receiving system would store, and what the tests compare."""
    found = {}
    for group in data.get("item", []):
        children = group.get("item", [])
        if group["linkId"] == OWN:
            label = next(c["answer"][0]["valueString"] for c in children if c["linkId"] == f"{OWN}.label")
            key = f"own:{label}"
        else:
            key = group["linkId"]
        for child in children:
            parts = child["linkId"].rsplit(".", 1)
            if parts[-1] not in {p.value for p in Perspective}:
                continue
            answers = {item["linkId"].rsplit(".", 1)[1]: item["answer"][0] for item in child.get("item", [])}
            code = answers["state"]["valueCoding"]["code"]
            found[(key, parts[-1])] = answers["value"]["valueInteger"] if code == PLACED else code.replace("-", "_")
    return found
