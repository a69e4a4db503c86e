"""How the monitor is set up where it runs: its settings (settings.py), its clock (clock.py) and its logging
(logsetup.py). Imports only the standard library and structlog: every other layer may import it."""
