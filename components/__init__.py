"""Streamlit adapters: they turn the campaign logic into widgets and pages."""
