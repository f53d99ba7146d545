"""
Moderation metrics for editors and moderators: the figures (queries.py), computed in
the database within a fixed number of queries, the server-side SVG charts that show
them (charts.py), the dashboard and the decision log as CSV (views.py).
"""
