# colretire-holdout: shipments.origin_lat shipments.promised_at
