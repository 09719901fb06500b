"""The load suite behind `make bench`: dataset, server, wrk driver, statement counts, the table."""
