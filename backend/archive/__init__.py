"""The document archive's GraphQL operations, used by portal and console alike: uploading and searching.

Like ``portal`` and ``console`` it sits above ``graphql`` and calls the domain; what a caller may
touch is decided by the tenant scope (customers: their own account, never internal documents).
"""
