"""The selectors' shape: every public read takes keyword-only arguments, so a call names what it
passes (a user, an election, a facility are easy to swap by position)."""

import inspect

from registration import selectors


def test_every_selector_takes_keyword_only_arguments():
    functions = {name: value for name, value in vars(selectors).items()
                 if inspect.isfunction(value) and not name.startswith("_")}
    assert {"elections_for", "dashboard", "calendar", "voter_list", "tps_needs", "dpt_source", "diff"} <= set(functions)
    positional = {name: [p.name for p in inspect.signature(function).parameters.values() if p.kind != p.KEYWORD_ONLY]
                  for name, function in functions.items()}
    assert {name: names for name, names in positional.items() if names} == {}

