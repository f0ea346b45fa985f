"""The rules through a spreadsheet: `kpi rules export` writes a rules version as a workbook
the ministries edit (names, variants, weights U, targets N, KPIs added or removed), and
`kpi rules import` reads such workbooks back into a new draft version.

layout.py is what both sides share; export.py writes the workbook; reader.py reads edited
workbooks, bounded and cell by cell; draft.py turns what was read into the new version's
YAML (ruamel.yaml round trip over OLD's files) and checks it with the YAML checks, each
problem placed back at its cell.
"""
