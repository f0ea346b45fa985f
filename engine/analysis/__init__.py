"""What the ranking would be, how much it depends on the choices behind it, and what a body
can gain: `kpi whatif`, `kpi robustness` and `kpi plan`, on the same pure scoring functions
as `kpi score`.

    changes      --set TARGET=VALUE read and applied to a rules version and a quarter, in memory
    whatif       a quarter rescored with changes, lined up with the quarter as it is
    runs         the quarter compiled for many rescorings with perturbed weights and targets
    robustness   Monte Carlo over weights and targets: rank intervals, place probabilities
    sensitivity  first-order and total variance-based indices (Saltelli 2010, Jansen 1999)
    plan         for one body: the value each KPI needs, and the fewest changes to climb
"""
