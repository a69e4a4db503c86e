"""Peilmomenten: freezing the store's state and comparing two states (what changed).

May import: domain and analysis.
"""
