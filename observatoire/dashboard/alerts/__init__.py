"""E-mail alerts and the monthly digest of Mon espace: what is recorded, sent and switched off."""
