"""Hubs (readers see them as topics): key entities, rules, and the articles each collects."""
