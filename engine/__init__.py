"""KPI rules engine for the CDTO rating of Kazakhstan's central government bodies."""

__version__ = "0.1.0"
