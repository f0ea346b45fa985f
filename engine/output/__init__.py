"""Presentation: views of results (presentation-neutral) and the writers that read them."""
