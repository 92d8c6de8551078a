"""Instagram: Graph API Business Discovery of professional accounts."""
