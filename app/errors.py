"""Errors with messages meant for the person at the station: what happened and what to do.

They live outside every layer so that the leaves (scanning, labels) can refuse with the same
error the core, the stations, the window and the command line know how to show."""


class BinwiseError(Exception):
    """A refusal. Its message is shown to the user as it is."""


class StockError(BinwiseError):
    """A move that would break the stock rules (negative stock, unknown lot...)."""


class ImportFileError(BinwiseError):
    """A bad row in an imported file. Names the row, the column and what is wrong."""

    def __init__(self, row: int, column: str, problem: str):
        self.row, self.column, self.problem = row, column, problem
        super().__init__(f"row {row}, column '{column}': {problem}")
