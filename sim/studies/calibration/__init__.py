"""Calibration of a scenario to the published Dutch figures, by concern:

- targets:   the published figures (scenarios/data/nl_calibration_targets.csv), which are fitted or
             checked, and the model quantity each is compared with, measured as the source measures it;
- fit:       the loss and the least-squares fit over parameter vectors on common seeds;
- table:     the comparison rows (published band, model mean with interval, inside or not) and their
             text, Markdown and JSON forms;
- backcast:  fit on 2022, predict the fall in bank-helpdesk fraud loss in 2023-2024 out of sample;
- writeback: the fitted values written into the scenario file with provenance.

`fraudchain calibrate` (sim/cli/calibrate.py) ties them together. Runs the model through
fraudchain.sim.runs.runner.run_seed only; must not change the model.
"""
