"""How the monitor is set up where it runs: its settings (settings.py, the only reader of the environment), its
clock (clock.py) and its logging for every door (logsetup.py).

May import: nothing of raadsmonitor.
"""
