"""Process configuration: logging set up for every door.

May import: nothing of raadsmonitor.
"""
