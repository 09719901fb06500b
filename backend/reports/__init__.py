"""Documents the server renders for people: invoice and statement PDFs, statement CSV."""
