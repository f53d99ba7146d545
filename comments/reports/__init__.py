"""
Readers' reports on approved comments, and the moderators' post-publication
review of them: keep the comment, or withdraw it from the story page.
"""
