"""Progress on the indicators: observations, aggregation, formulas, the buurt map's classes (docs/progress.md).

May import: domain and analysis.
"""
