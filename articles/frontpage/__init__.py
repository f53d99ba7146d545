"""
The front page as editors arrange it: a lead story, top stories and section blocks,
each slot pinned to a story (from a time, until a time) or left to the newest.
"""
