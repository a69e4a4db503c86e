"""The web door: the FastAPI application, its server-rendered pages (web/routes) and the JSON API
(web/api). Routes format with presentation and read through services and analysis.

May import: everything below it, but not the command line; of the store not `repository`, `audit` or
`listing`, which it reaches through `services.reads` and `services.trail`. Nothing imports web but cli
(serve).
"""
