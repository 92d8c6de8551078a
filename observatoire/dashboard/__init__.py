"""Mon espace: a collectivité's private dashboard, peers, simulator, alerts, exports, reports."""
