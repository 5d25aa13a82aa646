"""Errors that are the user's input, not a bug: the CLI reports them in one line and exits with status 2.

Library code (studies, runs) raises them; only the CLI (sim/cli/) catches and prints them."""


class BadInput(Exception):
    """A problem with what the user typed (not a bug): reported in one line, exit status 2."""
