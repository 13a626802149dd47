"""Team figures: anonymous, aggregated change per life domain, per team, area and period."""
