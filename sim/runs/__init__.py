"""Running replications: seeds and worker processes, assumption draws, the work estimate, saved
results. Imports the engine; never the studies or the CLI."""
