"""
Why a comment is held and what it is held with: the reasons found at submission
(explain.py), trusted and first-time senders (services.py), and campaigns, the
near-duplicates many senders send (normalise.py, campaigns.py, tasks.py).
"""
