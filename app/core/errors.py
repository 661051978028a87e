"""The core's refusals: the app-wide errors (app.errors), under the name the core has always
used."""

from app.errors import BinwiseError, ImportFileError, StockError

__all__ = ["BinwiseError", "ImportFileError", "StockError"]
