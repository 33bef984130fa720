"""Ballots as voter lists name them ("DPRD PROV", not the stored code "DPRD_PROV")."""

from django import template

register = template.Library()


@register.filter
def spelled(packed: str, ballots) -> str:
    """`{{ registration.ballots|spelled:ballot_names }}` with an exports.Ballots of the election."""
    return ballots(packed) if packed else ""
