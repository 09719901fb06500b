"""GraphQL execution that answers plain data in one pass instead of field by field.

graphql-core resolves every field of every object on its own: find the resolver, build an info object,
call it, check the result's type, complete it. For a list page that is a thousand field resolutions,
and measured on the bench book it was most of a page's CPU time (~10 µs per field). Most of those
fields are plain: a dataclass attribute Strawberry reads with ``getattr`` (``_is_default`` on the
resolver), with no arguments, no permission and no extension; a few more are computed from their object and
the request's context alone (a signed download link) and say so with :func:`reads_only_context`.

When an object's whole requested selection is plain (its nested objects and lists included), this
executor projects it with a plan built once per selection and request: for each response key, read the
attribute and complete it as graphql-core would (leaf values through the type's own
``coerce_output_value``, enums by name, lists item by item, ``__typename``). Anything else — a field
with a resolver or arguments, an abstract type, ``@defer``, middleware, a None where the schema says
non-null, any exception — falls back to graphql-core's own path for that object, which then reports
errors exactly as before. No library does this for Python (graphql-jit is JavaScript only).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from graphql import (
    DirectiveNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    visit,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

Complete = Callable[[Any], Any]
Project = Callable[[Any], dict[str, Any]]


SHARED_PLANS_KEPT = 2048
_SHARED_PLANS: OrderedDict[tuple[int, str, tuple[int, ...]], tuple[Any, Project | None]] = OrderedDict()
_DOCUMENTS_WITHOUT_CHOICES: OrderedDict[int, tuple[Any, bool]] = OrderedDict()


class _UsesVariableDirective(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if any(isinstance(argument.value, VariableNode) for argument in node.arguments or ()):
            self.found = True


def _shares_plans(operation: OperationDefinitionNode, fragments: Any) -> bool:
    """True when no directive in the operation or its fragments takes a variable: then which fields are asked never
    depends on the request, and plans may be shared. Remembered per operation node."""
    found = _DOCUMENTS_WITHOUT_CHOICES.get(id(operation))
    if found is not None and found[0] is operation:
        return found[1]
    finder = _UsesVariableDirective()
    nodes: list[Any] = [operation, *dict(fragments or {}).values()]
    for node in nodes:
        visit(getattr(node, "definition", node), finder)  # graphql-core keeps fragments as FragmentDetails
    shares = not finder.found
    _DOCUMENTS_WITHOUT_CHOICES[id(operation)] = (operation, shares)
    if len(_DOCUMENTS_WITHOUT_CHOICES) > SHARED_PLANS_KEPT:
        _DOCUMENTS_WITHOUT_CHOICES.popitem(last=False)
    return shares


class _NotPlain(Exception):
    """The value cannot be projected (a None where the schema says non-null, a value a leaf refuses)."""


def _constant(value: str) -> Complete:
    return lambda _: value


_REQUEST: ContextVar[Any] = ContextVar("recoup_projected_request")
"""While a projection runs: a stand-in for the resolve info that carries the request's context only."""


def reads_only_context(resolver: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a field's resolver as computed from its object and ``info.context`` alone (synchronous, no arguments,
    nothing else of ``info``), so the projection may call it instead of resolving the object field by field."""
    resolver._reads_only_context = True  # type: ignore[attr-defined]
    return resolver


def _reader(field: GraphQLField) -> Callable[[Any], Any] | None:
    """How the projection reads a field's value, or None when it cannot: a basic field is Strawberry's default
    resolver, ``getattr(source, python_name)`` (any other default resolver is called as Strawberry would); a field
    whose resolver :func:`reads_only_context` is called with the request's context."""
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if getattr(field.resolve, "_is_default", False):
        if definition is not None and definition.default_resolver is getattr:
            return attrgetter(definition.python_name)
        return field.resolve  # type: ignore[return-value]
    function: Any = getattr(getattr(definition, "base_resolver", None), "wrapped_func", None)
    if definition is None or function is None or not getattr(function, "_reads_only_context", False):
        return None
    if field.args or definition.permission_classes or definition.extensions or definition.is_async:
        return None
    return lambda source: function(source, _REQUEST.get())


# Built-in scalars whose Python value is already what they answer: passed through without the coercion call
# (graphql-core's own coercion is used for anything else, e.g. an int where a String is asked, a bool as Int).
_PASSED_AS_IS: dict[str, tuple[type, ...]] = {"String": (str,), "ID": (str,), "Boolean": (bool,)}
_INT_RANGE = (-(2**31), 2**31 - 1)


def _leaf(type_: GraphQLLeafType, *, non_null: bool) -> Complete:
    """A leaf value coerced by its own type, as graphql-core's ``complete_leaf_value`` does; a value it refuses (or
    turns into null), or a None where the schema says non-null, is graphql-core's to report."""
    coerce = type_.coerce_output_value
    exact = _PASSED_AS_IS.get(type_.name, (None,))[0]
    low, high = _INT_RANGE if type_.name == "Int" else (1, 0)

    def leaf(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _NotPlain
            return None
        cls = value.__class__
        if cls is exact or (cls is int and low <= value <= high):
            return value
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _NotPlain
        return coerced

    return leaf


class ProjectingExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with plain objects completed by a projection plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._may_project = manager is None or not manager.middlewares
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[Any, Project | None]] = {}
        self._shared = _shares_plans(self.operation, self.fragments)
        self._request = SimpleNamespace(context=self.context_value)

    def build_response(self, data: dict[str, Any] | None) -> Any:
        response = super().build_response(data)
        # graphql-core's helpers hold bound methods of this context: a reference cycle through which the whole
        # request (its context, session, rows) waited for the cyclic collector, and was promoted to the older
        # generations when it outlived a young collection. Execution is over here; the rest is freed at once.
        self.async_helpers = None  # type: ignore[assignment]
        return response

    def complete_object_value(  # type: ignore[override]
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if self._may_project and not return_type.is_type_of:
            project = self._plan(return_type, field_details_list)
            if project is not None:
                token = _REQUEST.set(self._request)
                try:
                    return project(result)
                except Exception:  # noqa: S110 - graphql-core's own path below reports it properly
                    pass
                finally:
                    _REQUEST.reset(token)
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    def _plan(self, return_type: GraphQLObjectType, field_details_list: Any) -> Project | None:
        """The projection of ``return_type`` under this selection, or None when it is not all plain.

        Memoized per selection like graphql-core's ``collect_subfields`` (the list is kept alive so its id stays
        unique). When the request's document chooses no field by a variable (no ``@skip``/``@include`` on one),
        the plan depends on the document alone and is shared by later requests for the same parsed document
        (Strawberry's parser cache hands out the same nodes), so it is built once per process, not per request.
        """
        key = (return_type, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        shared_key = None
        if self._shared and all(d.fragment_variable_values is None for d in field_details_list):
            shared_key = (id(self.operation), return_type.name, tuple(id(d.node) for d in field_details_list))
            shared = _SHARED_PLANS.get(shared_key)
            if shared is not None:
                _SHARED_PLANS.move_to_end(shared_key)
                self._plans[key] = (field_details_list, shared[1])
                return shared[1]
        project = self._build_plan(return_type, field_details_list)
        self._plans[key] = (field_details_list, project)
        if shared_key is not None:
            # The operation is kept with the plan: while it lives, the node ids in the key belong to it alone.
            _SHARED_PLANS[shared_key] = (self.operation, project)
            if len(_SHARED_PLANS) > SHARED_PLANS_KEPT:
                _SHARED_PLANS.popitem(last=False)
        return project

    def _build_plan(self, return_type: GraphQLObjectType, field_details_list: Any) -> Project | None:
        grouped, new_defer_usages, forbidden = self.collect_subfields(return_type, field_details_list)
        if new_defer_usages or forbidden:
            return None
        steps: list[tuple[str, Callable[[Any], Any] | None, Complete]] = []
        for response_key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append((response_key, None, _constant(return_type.name)))
                continue
            field = return_type.fields.get(name)
            read = _reader(field) if field is not None and not node.arguments else None
            if read is None:
                return None
            complete = self._completer(field.type, details)  # type: ignore[union-attr]
            if complete is None:
                return None
            steps.append((response_key, read, complete))

        def project(source: Any) -> dict[str, Any]:
            return {
                response_key: complete(read(source) if read is not None else None)
                for response_key, read, complete in steps
            }

        return project

    def _completer(self, type_: GraphQLOutputType, details: Any) -> Complete | None:
        if is_non_null_type(type_):
            assert isinstance(type_, GraphQLNonNull)
            if is_leaf_type(type_.of_type):
                return _leaf(type_.of_type, non_null=True)  # type: ignore[arg-type]
            inner = self._completer(type_.of_type, details)
            if inner is None:
                return None

            def non_null(value: Any) -> Any:
                completed = inner(value)
                if completed is None:
                    raise _NotPlain
                return completed

            return non_null
        if is_list_type(type_):
            assert isinstance(type_, GraphQLList)
            item = self._completer(type_.of_type, details)
            if item is None:
                return None

            def each(value: Any) -> list[Any] | None:
                if value is None:
                    return None
                if isinstance(value, str | bytes | dict):  # not a list: graphql-core says so
                    raise _NotPlain
                return [item(entry) for entry in value]

            return each
        if is_leaf_type(type_):
            return _leaf(type_, non_null=False)  # type: ignore[arg-type]
        if is_object_type(type_):
            assert isinstance(type_, GraphQLObjectType)
            if type_.is_type_of:
                return None
            project = self._plan(type_, details)
            if project is None:
                return None
            return lambda value: None if value is None else project(value)
        return None  # unions and interfaces resolve their type per value: graphql-core's path
