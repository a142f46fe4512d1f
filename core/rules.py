"""Core declares no actions of its own: the role predicates in core/permissions.py are what every
app's rules.py builds on, and what tests/core/test_permissions.py checks as a matrix."""
