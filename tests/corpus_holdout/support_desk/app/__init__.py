# colretire-holdout: cases.source_id
