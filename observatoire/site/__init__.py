"""The public website: home, rankings, collectivité pages, methodology."""
