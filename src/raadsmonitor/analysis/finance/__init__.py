"""Money: streams, budgets, authority and the programme's horizon (docs/finance.md).

May import: domain and analysis.
"""
