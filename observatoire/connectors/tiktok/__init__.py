"""TikTok (Research API): user info and the video query of one account."""
