"""Scenarios: the typed parameter schema, fraud-type definitions, built-in scenario and regime files
(TOML, package data) and their loader. Imports none of sim/, agents/, dashboard/."""
