"""Charts as server-rendered SVG with a text alternative, for pages and reports alike.

May import: presentation, analysis and domain.
"""
