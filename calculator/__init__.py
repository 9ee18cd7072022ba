"""Estimate what a Passport Advantage Express agreement earns after migration.

The package is a pure core (data in, data out, standard library only) so that
the same files run in CPython and, unchanged, in the browser under Pyodide.
Adapters around it: ``api`` (JSON text in and out, for the browser worker and
the command line), ``__main__`` (the command line) and ``chart`` (SVG).
"""

from .errors import InputError, Problem
from .estimate import estimate
from .levels import example_table, validate_table
from .model import Estimate, EstimateInput, Level, LevelTable, LineItem, Site

__all__ = [
    "Estimate",
    "EstimateInput",
    "InputError",
    "Level",
    "LevelTable",
    "LineItem",
    "Problem",
    "Site",
    "estimate",
    "example_table",
    "validate_table",
]

__version__ = "0.1.0"
