"""Dossiers: a publishing engine for analysis sites in which every topic is a living hub."""

__version__ = "0.1.0"
