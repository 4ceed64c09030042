"""Evaluation data for the matcher (query set with relevant SSYK groups)."""
