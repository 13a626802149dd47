"""The own page of someone who came in by invitation: a resident, a naaste or a helper."""
