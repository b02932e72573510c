"""Pages: thin scripts that read the filters, call the campaign logic and render components.

This folder is named `views/`, not `pages/`, on purpose: when a folder named `pages/` sits next to
`app.py`, Streamlit switches to its legacy auto-discovered pages on a fresh server, and the first
deep link (e.g. `/map`) shows Streamlit's own "Page not found" pop-up. Every page here is
registered in `app.py` through `st.navigation`.
"""
