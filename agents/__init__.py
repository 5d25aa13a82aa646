"""The actors of the fraud chain, one module each. Imports only `scenarios` (parameters, fraud types).

Institutions are Mesa agents (few, rich); consumers and SMEs are vectorised populations.
An actor learns what it costs it from what the model hands it; it never imports the engine.
"""
