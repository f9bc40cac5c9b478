"""Checking many files: discovery, configuration, selection and inline suppression."""
