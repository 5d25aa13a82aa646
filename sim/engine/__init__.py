"""The engine: the model, its state and the stages of a day, the liability rules, and the KPIs
and costs measured on a finished model. Imports agents/ and scenarios/, never the studies or the CLI."""
