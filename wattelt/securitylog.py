"""Refusals an operator should be able to count (forged cookies, CSRF, wrong secrets), by what
happened and where: never a name, an address, a token or anything a person typed."""
import logging

from flask import request

security_log = logging.getLogger("wattelt.security")


def refused(event: str) -> None:
    # The session cookie is read before the address is matched: then the part of the site says where.
    security_log.warning("%s at %s", event, request.endpoint or request.path.split("/", 2)[1][:30])
