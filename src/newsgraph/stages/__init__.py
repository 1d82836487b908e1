"""The analysis stages that run on a parsed Document."""
