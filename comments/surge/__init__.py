"""
Surge controls of one story's comments: pausing new comments (with a notice
readers see), slow mode (one comment per sender per N minutes), the desk's
reopening of comments closed by age, and the alert when a story's pending
comments pile up.
"""
