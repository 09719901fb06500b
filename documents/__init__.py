"""The document archive: where evidence bytes live. Knows nothing of ``backend``; settings are passed in."""
