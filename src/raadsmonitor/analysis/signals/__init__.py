"""Signals for the council: the rules that find what needs attention, as typed facts.

May import: domain and analysis (the sentences are made in presentation/signals.py).
"""
