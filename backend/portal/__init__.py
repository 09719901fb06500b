"""Customer-only GraphQL operations: every field needs a customer principal and stays in its account."""
