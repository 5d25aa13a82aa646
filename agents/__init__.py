"""The actors of the fraud chain, one module each. Imports only `scenarios` (parameters, fraud types).

Institutions are Mesa agents (few, rich); consumers and SMEs are vectorised populations. Each
actor owns its behaviour on events (the stages in sim/engine/stages/ hand it arrays and apply its
decisions), takes the parameters in force through `configure` (at build and after every reform),
and changes only through its own methods. It learns what fraud costs it from what it is handed;
it never imports the engine.
"""
