# colretire-holdout: vehicles.odometer_km
