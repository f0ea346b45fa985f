"""The compiled schema checks, written by `make schemas` (engine/schemacode/generate.py)."""
