"""The web door: the FastAPI application, its server-rendered pages (web/routes) and the JSON API
(web/api). Routes format with presentation and read through services and analysis.

May import: everything below it, but not the command line; of the store only the engine, the `Records`
read port and its dataset, sessions, users and boundaries (repository, audit and listing through services).
Nothing imports web but cli (serve).
"""
