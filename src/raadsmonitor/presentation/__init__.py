"""What both doors show: Dutch numbers, amounts and dates, the wording of analysis results (signals,
changes, progress, compliance), charts as SVG and the iCalendar feed. Pages, reports and JSON take
their text from here, so they say the same thing.

May import: analysis and domain; never web, commands, reports, services, store, sources or config.
"""
