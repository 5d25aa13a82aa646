"""Studies built on runs: value for money, Shapley contributions, the optimiser, sweeps,
sensitivity, calibration. Library code: never imports the CLI."""
