"""The Streamlit dashboard; uses only sim's public API."""
