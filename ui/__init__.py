"""The pages' shared parts: the frame's state, widgets and dialogs that more than one page uses.

Kept out of pages/ so that Streamlit lists only real pages there.
"""
