"""The JSON door's plumbing: reading a body with clear messages, and idempotent writes.

Every write through the door carries a client-made id. The first request with an id is carried
out and its answer kept as a receipt in the same transaction; a repeat gets the same answer and
changes nothing, so an offline queue can safely send a change again.
"""
import hashlib
import json
import re
from datetime import datetime, timezone
from enum import Enum

import sqlalchemy as sa
from flask import Response, request
from flask_babel import lazy_gettext as _l

from wattelt.errors import InvalidInput, MalformedRequest
from wattelt.extensions import db
from wattelt.models import User, WriteReceipt
from wattelt.transaction import flush_or_conflict

WRITE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class Body:
    """A JSON object from the request, read field by field; any mistake is a 4xx with a message."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    def from_request(cls) -> "Body":
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # nested deeper than the parser goes; no client of ours sends that
            data = None
        if not isinstance(data, dict):
            raise MalformedRequest(_l("Stuur een JSON-object, met Content-Type application/json."))
        return cls(data)

    def has(self, name: str) -> bool:
        return name in self.data

    def integer(self, name: str, required: bool = True) -> int | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(_l("'%(name)s' moet een heel getal zijn.", name=name), field=name)
        return value

    def boolean(self, name: str, default: bool | None = None) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise InvalidInput(_l("'%(name)s' moet true of false zijn.", name=name), field=name)
        return value

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(_l("'%(name)s' moet tekst zijn.", name=name), field=name)
        return value

    def choice(self, name: str, allowed: type[Enum]) -> Enum:
        value = self.data.get(name)
        found = next((member for member in allowed if member.value == value), None)
        if found is None:
            options = ", ".join(member.value for member in allowed)
            raise InvalidInput(_l("'%(name)s' moet een van deze zijn: %(options)s.", name=name, options=options), field=name)
        return found

    def moment(self, name: str) -> datetime | None:
        """A device time in ISO 8601 with a time zone, such as 2026-11-25T10:15:00.000Z."""
        value = self.data.get(name)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else None
            if moment is not None and moment.tzinfo is not None:
                # Year 1 or 9999 in another time zone can fall outside the years a datetime holds in UTC.
                return moment.astimezone(timezone.utc)
        except (ValueError, OverflowError):
            pass
        raise InvalidInput(_l("'%(name)s' moet een tijd met tijdzone zijn, zoals 2026-11-25T10:15:00Z.", name=name), field=name)

    def write_id(self) -> str:
        value = self.data.get("id")
        if not isinstance(value, str) or not WRITE_ID.fullmatch(value):
            raise InvalidInput(
                _l("Elke wijziging heeft een eigen 'id' nodig: 8 tot 64 letters, cijfers, - of _."), field="id"
            )
        return value


def idempotent(user: User, body: Body, operation, round_id: int) -> Response:
    """Carry out operation() once per (user, write id); a repeat gets the first answer again.
    round_id: the round the write changes, so its receipts go when the round is erased.

    operation returns (payload, status). A refused change leaves no receipt, so it can be sent
    again once corrected.
    """
    key = body.write_id()
    fingerprint = hashlib.sha256(
        f"{request.method} {request.path} ".encode() + json.dumps(body.data, sort_keys=True).encode()
    ).hexdigest()
    receipt = db.session.scalar(sa.select(WriteReceipt).where(WriteReceipt.user_id == user.id, WriteReceipt.key == key))
    if receipt is not None:
        if receipt.fingerprint != fingerprint:
            raise InvalidInput(_l("Deze 'id' is al gebruikt voor een andere wijziging. Maak een nieuwe."), field="id")
        return _json(receipt.body, receipt.status, replayed=True)
    payload, status = operation()
    answer = json.dumps(payload)
    db.session.add(WriteReceipt(user_id=user.id, key=key, round_id=round_id, fingerprint=fingerprint, status=status, body=answer))
    # The same id may arrive twice at the same moment; the other one is then being stored.
    flush_or_conflict(_l("Deze wijziging wordt al bewaard. Probeer het zo nog eens."))
    return _json(answer, status, replayed=False)


def _json(body: str, status: int, replayed: bool) -> Response:
    response = Response(body, status=status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true" if replayed else "false"
    return response



def purge_receipts(older_than: datetime) -> int:
    """Forget the answers to writes made before older_than; a device does not replay that late."""
    result = db.session.execute(sa.delete(WriteReceipt).where(WriteReceipt.created_at < older_than))
    return result.rowcount
