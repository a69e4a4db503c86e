"""Use-cases that both doors call: importing and exporting a data package, writing one record,
peilmomenten, accounts and sign-in, and the read ports the doors use instead of the store's internals.

May import: domain, analysis, presentation, sources and store; never web, commands, cli or reports.
"""
