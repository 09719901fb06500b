"""Staff-only GraphQL operations: the work queue, the case page and the actions that resolve cases."""
