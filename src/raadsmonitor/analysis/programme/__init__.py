"""The programme itself: its tree, organisation, participation and one programme's scope (issue 20).

May import: domain and analysis.
"""
