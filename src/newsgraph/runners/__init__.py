"""Runners that drive the pipeline over many inputs: batch and Spark."""
