"""Pages: thin scripts that read the filters, call the campaign logic and render components.

Page scripts live one folder down (`campaign/`, `templates/`) on purpose: Streamlit's legacy
auto-discovery runs any `pages/*.py` directly, without the `app.py` router, on a fresh server's
first request. With no script at this level, every request goes through `st.navigation`.
"""
