"""Campaign data and logic for the Human Rights Cities dashboard. Never imports Streamlit."""
