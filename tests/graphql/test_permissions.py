"""Every root field is gated by role before its resolver runs (SECURITY.md B8).

Which role may use a field, and that the domain refuses another account's objects, is the
authorization matrix's job (``tests/authz``); this proves the gate itself is never left off.
"""

from __future__ import annotations

from strawberry.permission import BasePermission

from backend.graphql import permissions
from backend.schema import Mutation, Query

# Answers null for nobody signed in; it only ever describes the caller.
UNGATED = {"Query.viewer"}


def test_every_root_field_but_viewer_declares_a_role_gate() -> None:
    gates = {cls for cls in vars(permissions).values() if isinstance(cls, type) and issubclass(cls, BasePermission)} - {
        BasePermission
    }
    ungated = set()
    for root in (Query, Mutation):
        for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            name = f"{root.__name__}.{field.graphql_name or field.python_name}"
            if not any(gate in gates for gate in field.permission_classes):
                ungated.add(name)
    assert {"IsSignedIn", "IsStaff", "IsCustomer", "IsAdmin"} <= {gate.__name__ for gate in gates}
    assert ungated == UNGATED
