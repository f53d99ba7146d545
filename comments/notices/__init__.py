"""
Emails about comments, sent by background tasks: to a reader who asked to hear
what became of their comment, and to moderators about the queue.
"""
