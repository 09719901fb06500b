"""One mutation per file."""
