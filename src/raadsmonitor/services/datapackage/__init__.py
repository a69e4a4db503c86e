"""The data package: import (with its review of changes), export, the workbook template, the browser upload.

May import: as services.
"""
