"""The council's side: the information register, deadlines, agreements and their compliance, the agenda.

May import: domain and analysis.
"""
