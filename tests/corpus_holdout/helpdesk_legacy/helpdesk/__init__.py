# colretire-holdout: tickets.archived_by tickets.body_html
