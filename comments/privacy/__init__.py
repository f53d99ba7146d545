"""
Privacy requests: everything held about an email address, exported as JSON or
erased (comments become tombstones that keep the thread's order), and the
automatic purge of rejected comments after their retention period.
"""
