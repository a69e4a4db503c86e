"""Reports: one content model (`content.py`) built by the report builders (the paragraaf
Heerlen-Noord, later the progress report) and rendered to HTML, PDF, DOCX and Markdown.

May import: presentation, analysis and domain; never web (building a PDF from the command line does
not load the web package), services, store or sources."""
