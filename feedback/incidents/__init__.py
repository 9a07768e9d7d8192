"""Incidents: reports from different citizens of one problem at one place, answered and resolved together."""
