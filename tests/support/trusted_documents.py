"""Manifests of trusted documents for test apps, written as the frontend build writes them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from graphql import OperationDefinitionNode, parse

from backend.graphql.trusted_documents import MANIFEST_FORMAT, MANIFEST_NAME
from backend.settings import Settings


def write_manifest(frontend_dist: Path, *texts: str) -> dict[str, str]:
    """``frontend_dist``'s manifest holding ``texts`` (one named operation each); operation name → sha256 hex."""
    documents = []
    for text in texts:
        (operation,) = (d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode))
        assert operation.name is not None
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        documents.append(
            {"id": f"sha256:{sha256}", "name": operation.name.value, "type": operation.operation.value, "body": text}
        )
    frontend_dist.mkdir(parents=True, exist_ok=True)
    manifest = {"format": MANIFEST_FORMAT, "version": 1, "documents": documents}
    (frontend_dist / MANIFEST_NAME).write_text(json.dumps(manifest))
    return {d["name"]: d["id"].removeprefix("sha256:") for d in documents}


def production_settings(settings: Settings, frontend_dist: Path) -> Settings:
    """``settings`` in production mode (secure cookies), its frontend and manifest in ``frontend_dist``."""
    return replace(settings, environment="production", cookie_secure=True, frontend_dist=frontend_dist)
