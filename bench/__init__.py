"""Benchmarks: ``python -m bench`` (or ``make bench``) prints figures and ratios.

Every figure is measured next to its baseline in the same run: the worksheet
against a bare Pyodide page served by the same server, our pages and build
against plain Material for MkDocs building the same Markdown.
"""
