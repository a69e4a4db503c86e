"""Reports: one content model (`content.py`) built by the report builders (the paragraaf
Heerlen-Noord, later the progress report) and rendered to HTML, PDF, DOCX and Markdown."""
