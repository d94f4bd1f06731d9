"""Customer-journeys analytics: the headless core under the Streamlit pages."""

__version__ = "0.1.0"
