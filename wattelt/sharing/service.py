"""Who else sees a household's data, on the household's say: invitations by one-time link, the
grants they give, and withdrawing them.

An invitation's token is shown once (as a link and a QR code, to hand over) and stored only as a
hash. Accepting it makes an account with a login name and a secret the person chooses, or gives an
existing account a new secret when theirs was lost.
"""
import re
import secrets
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from wattelt import text
from wattelt.auth import sessions
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import Action, Grant, GrantKind, Household, Invitation, Member, Role, User
from wattelt.models.types import as_utc, utcnow
from wattelt.security import secret_digest

ROLE_OF = {
    GrantKind.RESIDENT: Role.RESIDENT, GrantKind.NAASTE: Role.NAASTE,
    GrantKind.HELPER_PLAN: Role.HELPER, GrantKind.HELPER_ACTIONS: Role.HELPER,
}
MIN_PASSPHRASE = 12
MIN_PIN = 6


class InvitationUnusable(InvalidInput):
    """A link that was used, withdrawn, expired, or never existed: said plainly, nothing written."""

    status = 410


def create_invitation(
    by: User, household: Household, kind: GrantKind, valid_for: timedelta,
    member: Member | None = None, label: str | None = None, for_user: User | None = None,
) -> tuple[Invitation, str]:
    """A new one-time link; returns the invitation and its token, which is never stored."""
    if kind in (GrantKind.RESIDENT, GrantKind.NAASTE) and (member is None or member.household_id != household.id):
        raise InvalidInput(_l("Kies iemand uit dit huishouden."), field="member")
    label = text.clean(label, field="label", max_length=80)
    if kind is not GrantKind.RESIDENT and not label:
        raise InvalidInput(_l("Vul een naam in, zodat het huishouden weet wie dit is."), field="label")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=secret_digest(token), kind=kind, household=household, member=member, label=label,
        for_user_id=for_user.id if for_user else None, created_by_id=by.id, expires_at=utcnow() + valid_for,
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def usable(token: str) -> Invitation:
    """The invitation of this link, if it can still be used; otherwise a plain message why not."""
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == secret_digest(token)))
    if invitation is None:
        raise InvitationUnusable(_l("Deze link werkt niet. Vraag je contactpersoon om een nieuwe uitnodiging."))
    if invitation.used_at is not None:
        raise InvitationUnusable(_l("Deze link is al gebruikt. Vraag je contactpersoon om een nieuwe uitnodiging als je niet kunt inloggen."))
    if invitation.revoked_at is not None:
        raise InvitationUnusable(_l("Deze uitnodiging is ingetrokken. Vraag je contactpersoon om een nieuwe."))
    if as_utc(invitation.expires_at) < utcnow():
        raise InvitationUnusable(_l("Deze link is verlopen. Vraag je contactpersoon om een nieuwe uitnodiging."))
    if invitation.household.closed_at is not None and invitation.for_user_id is None:
        # Support has ended: nobody new comes in (a lost secret may still be replaced).
        raise InvitationUnusable(_l("De begeleiding van dit huishouden is afgesloten. Deze link werkt niet meer."))
    return invitation


def check_secret(secret: str) -> None:
    """A passphrase of at least 12 characters, or a PIN of at least 6 digits. Pasting is fine."""
    if secret.isascii() and secret.isdigit():
        if len(secret) < MIN_PIN:
            raise InvalidInput(_l("Een pincode heeft minstens %(n)s cijfers.", n=MIN_PIN), field="secret")
        return
    if len(secret) < MIN_PASSPHRASE:
        raise InvalidInput(
            _l("Kies een pincode van minstens %(pin)s cijfers, of een wachtzin van minstens %(words)s tekens.", pin=MIN_PIN, words=MIN_PASSPHRASE),
            field="secret",
        )


def accept(invitation: Invitation, secret: str) -> User:
    """Use the invitation: a new account with its grant, or a new secret for an existing account."""
    check_secret(secret)
    invitation.used_at = utcnow()
    if invitation.for_user_id is not None:
        user = db.session.get(User, invitation.for_user_id)
        user.set_password(secret)
        # The lost secret may be in someone else's hands: its sessions end.
        sessions.end_all(user)
        db.session.flush()
        return user
    name = invitation.member.name if invitation.kind is GrantKind.RESIDENT else invitation.label
    user = User(login_name=_login_name(name), name=name, role=ROLE_OF[invitation.kind])
    user.set_password(secret)
    db.session.add(user)
    db.session.flush()
    db.session.add(Grant(
        user_id=user.id, kind=invitation.kind, household_id=invitation.household_id,
        member_id=invitation.member_id, invitation_id=invitation.id,
    ))
    db.session.flush()
    return user


def _login_name(name: str) -> str:
    """A name easy to write down and type on a phone: letters of the first name and four digits."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z]", "", plain.split(" ")[0])[:20] or "bewoner"
    while True:
        candidate = f"{stem}-{secrets.randbelow(9000) + 1000}"
        if db.session.scalar(sa.select(User.id).where(User.login_name == candidate)) is None:
            return candidate


def open_invitations(household: Household) -> list[Invitation]:
    stmt = (
        sa.select(Invitation)
        .where(Invitation.household_id == household.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None),
               Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at)
    )
    return list(db.session.scalars(stmt))


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()


def grants_of_household(household: Household) -> list[Grant]:
    """Everyone who can see something of this household now, besides its team."""
    stmt = (
        sa.select(Grant)
        .where(Grant.household_id == household.id, Grant.revoked_at.is_(None))
        .order_by(Grant.kind, Grant.created_at)
    )
    return list(db.session.scalars(stmt))


def withdraw(grant: Grant, by: User) -> None:
    """Withdraw access at once; the record stays, with who withdrew it and when."""
    if grant.revoked_at is None:
        grant.revoked_at = utcnow()
        grant.revoked_by_id = by.id
        db.session.execute(sa.update(Action).where(Action.assignee_id == grant.user_id).values(assignee_id=None))
        # A link to choose a new secret would otherwise let them back in.
        db.session.execute(
            sa.update(Invitation)
            .where(Invitation.for_user_id == grant.user_id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        db.session.flush()


def set_members_share(household: Household, share: bool) -> None:
    household.members_share = share
    db.session.flush()


def helpers(household: Household) -> list[User]:
    """The people who can be given an action: the household's invited helpers."""
    return [g.user for g in grants_of_household(household) if g.kind in (GrantKind.HELPER_PLAN, GrantKind.HELPER_ACTIONS)]
