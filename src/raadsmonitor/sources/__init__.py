"""Where data comes from: the data package containers (CSV folder, xlsx workbook), CBS open data,
Leefbaarometer, boundaries from GeoJSON, OpenBesluitvorming council documents (docs/sources.md).

May import: domain and presentation (for Dutch messages); they never write the store.
"""
